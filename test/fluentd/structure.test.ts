// Each kind of structural mistake is found, with the exact message and line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../src/fluentd/problem.js';
import { checkStructure } from '../../src/fluentd/structure.js';
import { parseConfigText } from '../../src/fluentd/syntax.js';

const problems = (lines: string[], oldestFluentd?: string) =>
  checkStructure(parseConfigText(lines.join('\n'), '/x/t.conf'), { oldestFluentd }).map(formatProblem);

test('a correct configuration has no problems', () => {
  const config = [
    '<source>',
    '  @type tail',
    '  @label @IN',
    '  path /var/log/containers/*.log',
    '  tag raw.*',
    '  <parse>',
    '    @type multi_format',
    '    <pattern>',
    '      format json',
    '      time_key time',
    '    </pattern>',
    '    <pattern>',
    '      format cri',
    '    </pattern>',
    '  </parse>',
    '</source>',
    '<label @IN>',
    '  <match **>',
    '    @type elasticsearch',
    '    id_key $["event.id"]',
    '    <buffer []>',
    '      @type file',
    '      path /tmp/b',
    '      total_limit_size 1GB',
    '    </buffer>',
    '    <secondary>',
    '      @type secondary_file',
    '      directory /tmp/f',
    '    </secondary>',
    '  </match>',
    '</label>',
  ];
  assert.deepEqual(problems(config), []);
});

test('a misspelled parameter, with the closest name', () => {
  assert.deepEqual(problems(['<match a>', '  @type elasticsearch', '  logstash_prefx x', '</match>']), [
    't.conf:3: unknown parameter "logstash_prefx" for output plugin elasticsearch (fluent-plugin-elasticsearch 6.0.0) (did you mean "logstash_prefix"?)',
  ]);
});

test('wrong types, missing required parameters, unknown plugins and sections', () => {
  assert.deepEqual(
    problems([
      '<match a>',
      '  @type http',
      '  json_array maybe',
      '  <buffer>',
      '    total_limit_size lots',
      '    overflow_action drop',
      '  </buffer>',
      '  <format>',
      '    @type jsn',
      '  </format>',
      '  <retry>',
      '  </retry>',
      '</match>',
      '<filter b>',
      '  @type concat',
      '</filter>',
    ]),
    [
      't.conf:3: "json_array" (bool): "maybe" is not true or false',
      't.conf:1: <match a> needs "endpoint" (output plugin http (fluentd 1.19.3))',
      't.conf:5: "total_limit_size" (size): "lots" is not a size (a number of bytes, or with k, m, g or t)',
      't.conf:6: "overflow_action" (enum): "drop" is not one of throw_exception, block, drop_oldest_chunk',
      't.conf:9: <format> of output plugin http (fluentd 1.19.3): no formatter plugin "jsn" in the pinned set (did you mean "json"?) (known: json)',
      't.conf:11: unknown section <retry> in output plugin http (fluentd 1.19.3)',
      't.conf:14: <filter b> needs "key" (filter plugin concat (fluent-plugin-concat 2.6.2))',
    ],
  );
});

test('a multi_format pattern is checked against the parser its format names', () => {
  assert.deepEqual(
    problems([
      '<filter a>',
      '  @type parser',
      '  key_name m',
      '  <parse>',
      '    @type multi_format',
      '    <pattern>',
      '      format json',
      '      time_keyy t',
      '    </pattern>',
      '  </parse>',
      '</filter>',
    ]),
    [
      't.conf:8: unknown parameter "time_keyy" for <pattern> (parser plugin json (fluentd 1.19.3)) (did you mean "time_key"?)',
    ],
  );
});

test('a parameter newer than the oldest targeted Fluentd', () => {
  const config = [
    '<source>',
    '  @type tail',
    '  path /a',
    '  tag a',
    '  glob_policy extended',
    '  <parse>',
    '    @type none',
    '  </parse>',
    '</source>',
  ];
  assert.deepEqual(problems(config), [
    't.conf:5: "glob_policy" (input plugin tail (fluentd 1.19.3)) appeared in 1.17.0; the configuration must also run on Fluentd 1.16.0',
  ]);
  assert.deepEqual(problems(config, '1.17.0'), []);
});

test('directives in the wrong place and parameters set twice', () => {
  assert.deepEqual(
    problems([
      'stray 1',
      '<label NOAT>',
      '  <source>',
      '    @type tail',
      '  </source>',
      '</label>',
      '<match a>',
      '  @type null',
      '  @type null',
      '</match>',
      '<worker 0>',
      '</worker>',
    ]),
    [
      't.conf:1: parameter "stray" outside any directive',
      't.conf:2: label name "NOAT" must start with "@"',
      't.conf:3: <source> inside <label NOAT>: a label holds <filter> and <match>',
      't.conf:9: "@type" is set twice in <match> (the last one wins)',
      't.conf:11: unknown directive <worker>',
    ],
  );
});

test('a parameter the plugin ignores in the mode the section sets', () => {
  const concat = (mode: string) => [
    '<filter raw.**>',
    '  @type concat',
    '  key message',
    `  ${mode}`,
    '  buffer_limit_size 1m',
    '  buffer_overflow_method new',
    '</filter>',
  ];
  assert.deepEqual(problems(concat('use_partial_cri_logtag true')), [
    't.conf:5: "buffer_limit_size" has no effect with use_partial_cri_logtag (filter plugin concat (fluent-plugin-concat 2.6.2)): concat applies the buffer limit to partial_key records only, never to CRI pieces',
    't.conf:6: "buffer_overflow_method" has no effect with use_partial_cri_logtag (filter plugin concat (fluent-plugin-concat 2.6.2)): concat applies the buffer limit to partial_key records only, never to CRI pieces',
  ]);
  assert.deepEqual(problems(concat('partial_key docker_newline')), []);
  assert.deepEqual(problems(concat('use_partial_cri_logtag false')), []);
});
