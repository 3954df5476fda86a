// The routing rules: labels exist, @ERROR is a dead end, no catch-all outside labels,
// and a sample event from each source is followed to where it ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../src/fluentd/problem.js';
import { checkRouting } from '../../src/fluentd/routing.js';
import { parseConfigText } from '../../src/fluentd/syntax.js';

const route = (lines: string[]) => checkRouting(parseConfigText(lines.join('\n'), '/x/r.conf'));
const problems = (lines: string[]) => route(lines).problems.map(formatProblem);

const source = [
  '<source>',
  '  @type tail',
  '  @id tail',
  '  @label @IN',
  '  path /var/log/a.log',
  '  tag raw.*',
  '</source>',
];
const errorLabel = ['<label @ERROR>', '  <match **>', '    @type null', '  </match>', '</label>'];

test('an event is followed through relabel, copy and a re-emitting output', () => {
  const { problems: found, traces } = route([
    ...source,
    '<label @IN>',
    '  <match raw.**>',
    '    @type detect_exceptions',
    '    remove_tag_prefix raw',
    '  </match>',
    '  <match var.**>',
    '    @type copy',
    '    <store>',
    '      @type relabel',
    '      @label @OUT',
    '    </store>',
    '    <store>',
    '      @type null',
    '      @id nowhere',
    '    </store>',
    '  </match>',
    '</label>',
    '<label @OUT>',
    '  <filter **>',
    '    @type grep',
    '  </filter>',
    '  <match **>',
    '    @type elasticsearch',
    '    @id es',
    '  </match>',
    '</label>',
    ...errorLabel,
  ]);
  assert.deepEqual(found, []);
  assert.deepEqual(traces, [
    {
      source: 'tail',
      tag: 'raw.var.log.a.log',
      steps: [
        '@IN <match raw.**> detect_exceptions',
        're-emitted as "var.log.a.log"',
        '@IN <match var.**> copy',
        '@OUT <filter **> grep',
        '@OUT <match **> elasticsearch',
      ],
      ends: ['es', 'nowhere'],
      branches: [],
    },
  ]);
});

test('a label that is routed to but not defined', () => {
  assert.deepEqual(
    problems([
      ...source,
      '<label @IN>',
      '  <match **>',
      '    @type relabel',
      '    @label @OUTPUT',
      '  </match>',
      '</label>',
    ]),
    ['r.conf:11: events are sent to @OUTPUT, but no <label @OUTPUT> is defined (defined: @IN)'],
  );
});

test('concat timeout_label is a route too', () => {
  assert.deepEqual(
    problems([
      ...source,
      '<label @IN>',
      '  <filter **>',
      '    @type concat',
      '    key m',
      '    timeout_label @LATE',
      '  </filter>',
      '  <match **>',
      '    @type null',
      '  </match>',
      '</label>',
    ]),
    [
      'r.conf:12: events are sent to @LATE, but no <label @LATE> is defined (defined: @IN)',
      'r.conf:9: concat sends the records it cannot handle to @ERROR, but no <label @ERROR> is defined: Fluentd only logs and drops them',
    ],
  );
});

test('@ERROR never sends records back into the pipeline or to Elasticsearch', () => {
  assert.deepEqual(
    problems([
      ...source,
      '<label @IN>',
      '  <match **>',
      '    @type null',
      '  </match>',
      '</label>',
      '<label @ERROR>',
      '  <match retry.**>',
      '    @type relabel',
      '    @label @IN',
      '  </match>',
      '  <match **>',
      '    @type elasticsearch',
      '  </match>',
      '</label>',
    ]),
    [
      'r.conf:16: <label @ERROR> sends events on to @IN: rejected records must never go back into the pipeline',
      'r.conf:18: <label @ERROR> sends records to elasticsearch, which sends what it rejects to @ERROR again: a loop',
    ],
  );
});

test('a catch-all match outside any label', () => {
  assert.deepEqual(problems(['<match **>', '  @type null', '</match>']), [
    "r.conf:1: <match **> outside any label also takes Fluentd's own fluent.* events and anything emitted without a label; route by labels instead",
  ]);
});

test('events no match takes, and a re-emit that comes back to its own match', () => {
  assert.deepEqual(
    problems([...source, '<label @IN>', '  <match other.**>', '    @type null', '  </match>', '</label>']),
    ['r.conf:8: events tagged "raw.var.log.a.log" reach @IN but no <match> there takes them: Fluentd drops them'],
  );
  assert.deepEqual(
    problems([
      ...source,
      '<label @IN>',
      '  <match **>',
      '    @type detect_exceptions',
      '    remove_tag_prefix nothing',
      '  </match>',
      '</label>',
    ]),
    ['r.conf:9: events tagged "raw.var.log.a.log" come back to @IN again: a routing loop'],
  );
});
