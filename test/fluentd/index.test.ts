// The committed Fluentd configuration (fluentd/) passes the validator with and without
// its environment variables, every .conf file in the folder is part of it, its sample
// event reaches Elasticsearch and the forwarder on every route, and broken copies of it
// fail with the exact problem and place.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UPSTREAM_EXPORTERS } from '../../src/catalog/upstream-metrics.js';
import { checkFluentdConfig, FluentdConfigError, formatProblem } from '../../src/fluentd/index.js';
import type { ConfigElement } from '../../src/fluentd/syntax.js';

const FLUENTD = join(import.meta.dirname, '../../fluentd');

const FULL_ENV = {
  FLUENT_CONTAINER_TAIL_PATH: '/var/log/containers/*.log',
  FLUENT_CONTAINER_TAIL_EXCLUDE_PATH: '["/var/log/containers/kansoku-fluentd*.log"]',
  KANSOKU_FLUENTD_STATE_DIR: '/var/lib/kansoku-fluentd',
  KANSOKU_CONCAT_FLUSH_INTERVAL: '10',
  KANSOKU_CONCAT_BUFFER_LIMIT: '2m',
  KANSOKU_EXCEPTION_FLUSH_INTERVAL: '3',
  FLUENT_KUBERNETES_URL: 'https://10.0.0.1:443/api',
  FLUENT_KUBERNETES_WATCH: 'false',
  FLUENT_KUBERNETES_CACHE_SIZE: '5000',
  FLUENT_KUBERNETES_CACHE_TTL: '600',
  FLUENT_ELASTICSEARCH_HOST: 'es.example',
  FLUENT_ELASTICSEARCH_PORT: '9243',
  FLUENT_ELASTICSEARCH_SCHEME: 'https',
  FLUENT_ELASTICSEARCH_PATH: '/es',
  FLUENT_ELASTICSEARCH_USER: 'fluentd',
  FLUENT_ELASTICSEARCH_PASSWORD: 'secret',
  FLUENT_ELASTICSEARCH_SSL_VERIFY: 'false',
  FLUENT_ELASTICSEARCH_CA_FILE: '/etc/ssl/es.pem',
  FLUENT_ELASTICSEARCH_VERSION: '8',
  FLUENT_ELASTICSEARCH_LOGSTASH_PREFIX: 'team-logs',
  FLUENT_ELASTICSEARCH_BUFFER_TOTAL_LIMIT: '4GB',
  FLUENT_ELASTICSEARCH_RETRY_TIMEOUT: '12h',
  KANSOKU_FORWARDER_URL: 'http://forwarder.kansoku:8080/ingest',
  KANSOKU_FORWARDER_TOKEN: 't0ken',
  KANSOKU_FORWARDER_BUFFER_TOTAL_LIMIT: '128MB',
  FLUENT_PROMETHEUS_BIND: '127.0.0.1',
  FLUENT_PROMETHEUS_PORT: '24231',
  FLUENT_MONITOR_AGENT_BIND: '127.0.0.1',
  FLUENT_MONITOR_AGENT_PORT: '24220',
  FLUENT_LOG_LEVEL: 'warn',
};

function elements(e: ConfigElement): ConfigElement[] {
  return [e, ...e.elements.flatMap(elements)];
}

test('fluentd/ passes the validator with no environment and with every variable set', () => {
  for (const env of [{}, FULL_ENV]) {
    const { problems } = checkFluentdConfig(join(FLUENTD, 'fluent.conf'), { env });
    assert.deepEqual(problems.map(formatProblem), []);
  }
});

test('every .conf file in fluentd/ is read through fluent.conf', () => {
  const { root } = checkFluentdConfig(join(FLUENTD, 'fluent.conf'));
  assert.ok(root);
  const read = new Set(elements(root).map((e) => e.file));
  const present = readdirSync(FLUENTD).filter((f) => f.endsWith('.conf'));
  assert.deepEqual(
    present.filter((f) => !read.has(f)),
    [],
  );
  assert.ok(present.length >= 10);
});

test('a container line reaches Elasticsearch and the forwarder, also when concat flushes it on a timeout', () => {
  const { traces } = checkFluentdConfig(join(FLUENTD, 'fluent.conf'));
  assert.equal(traces.length, 1);
  const [trace] = traces;
  assert.deepEqual(trace?.ends, ['out_http_forwarder', 'out_elasticsearch']);
  // The stages, in order.
  const labels = [...new Set(trace?.steps.map((s) => s.split(' ')[0]).filter((s) => s?.startsWith('@')))];
  assert.deepEqual(labels, ['@CONCAT', '@PARSE', '@EXCEPTIONS', '@RECORD', '@KUBERNETES', '@OUTPUT', '@FORWARDER']);
  assert.equal(trace?.branches.length, 2);
  for (const branch of trace?.branches ?? []) {
    assert.match(branch.via, /^@CONCAT <filter raw\.\*\*> concat -> @PARSE$/);
    assert.deepEqual(branch.trace.ends, ['out_http_forwarder', 'out_elasticsearch']);
  }
});

/** A copy of fluentd/ without some of its files. */
function without(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-fluentd-without-'));
  cpSync(FLUENTD, dir, { recursive: true });
  for (const file of files) rmSync(join(dir, file));
  return dir;
}

test('without the forwarder stage (forwarder.conf, output-forwarder.conf) records go to Elasticsearch only', () => {
  const dir = without('forwarder.conf', 'output-forwarder.conf');
  for (const env of [{}, FULL_ENV]) {
    const { problems, traces } = checkFluentdConfig(join(dir, 'fluent.conf'), { env });
    assert.deepEqual(problems.map(formatProblem), []);
    assert.deepEqual(
      traces.map((t) => t.ends),
      [['out_elasticsearch']],
    );
    const labels = [...new Set(traces[0]?.steps.map((s) => s.split(' ')[0]).filter((s) => s?.startsWith('@')))];
    assert.deepEqual(labels, ['@CONCAT', '@PARSE', '@EXCEPTIONS', '@RECORD', '@KUBERNETES', '@OUTPUT']);
  }
  // Half a stage is caught: the copy without the stage it sends to.
  const half = checkFluentdConfig(join(without('forwarder.conf'), 'fluent.conf')).problems.map(formatProblem);
  assert.equal(half.length, 1);
  assert.match(
    half[0] as string,
    /^output-forwarder\.conf:\d+: events are sent to @FORWARDER, but no <label @FORWARDER> is defined/,
  );
});

test('the counters the configuration declares are the ones the metric catalogue lists for it', () => {
  const { root } = checkFluentdConfig(join(FLUENTD, 'fluent.conf'));
  assert.ok(root);
  const declared = elements(root)
    .filter((e) => e.name === 'metric')
    .map((e) => e.params.find((p) => p.key === 'name')?.value)
    .sort();
  const catalogued = UPSTREAM_EXPORTERS.fluentd
    .filter((f) => f.name === 'fluentd_input_status_num_records_total' || f.name.startsWith('fluentd_kansoku_'))
    .map((f) => f.name)
    .sort();
  assert.deepEqual(declared, catalogued);
});

/** A copy of fluentd/ with one text replaced in one file; returns the folder and the changed line. */
function broken(file: string, from: string, to: string): { dir: string; line: number } {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-fluentd-broken-'));
  cpSync(FLUENTD, dir, { recursive: true });
  const text = readFileSync(join(dir, file), 'utf8');
  const at = text.indexOf(from);
  assert.ok(at >= 0 && text.indexOf(from, at + 1) === -1, `"${from}" occurs once in ${file}`);
  writeFileSync(join(dir, file), text.replace(from, to));
  return { dir, line: text.slice(0, at).split('\n').length };
}

const problemsIn = (dir: string) => checkFluentdConfig(join(dir, 'fluent.conf')).problems.map(formatProblem);

test('broken: a misspelled parameter', () => {
  const { dir, line } = broken('output.conf', '      logstash_prefix ', '      logstash_prefx ');
  assert.deepEqual(problemsIn(dir), [
    `output.conf:${line}: unknown parameter "logstash_prefx" for <store> (output plugin elasticsearch (fluent-plugin-elasticsearch 6.0.0)) (did you mean "logstash_prefix"?)`,
  ]);
});

test('broken: a label that is not defined', () => {
  const { dir, line } = broken('parse.conf', '@label @EXCEPTIONS', '@label @EXCEPTION');
  assert.deepEqual(problemsIn(dir), [
    `parse.conf:${line}: events are sent to @EXCEPTION, but no <label @EXCEPTION> is defined (defined: @CONCAT, @PARSE, @EXCEPTIONS, @RECORD, @KUBERNETES, @OUTPUT, @FORWARDER, @ERROR)`,
  ]);
});

test('broken: a value of the wrong type', () => {
  const { dir, line } = broken('source.conf', 'read_from_head true', 'read_from_head sometimes');
  assert.deepEqual(problemsIn(dir), [`source.conf:${line}: "read_from_head" (bool): "sometimes" is not true or false`]);
});

test('broken: @ERROR sends rejected records back into the pipeline', () => {
  const { dir } = broken(
    'error.conf',
    '  <match **>\n    @type file',
    '  <match retry.**>\n    @type relabel\n    @label @OUTPUT\n  </match>\n\n  <match **>\n    @type file',
  );
  const text = readFileSync(join(dir, 'error.conf'), 'utf8');
  const line = text.slice(0, text.indexOf('    @label @OUTPUT')).split('\n').length;
  assert.deepEqual(problemsIn(dir), [
    `error.conf:${line}: <label @ERROR> sends events on to @OUTPUT: rejected records must never go back into the pipeline`,
  ]);
});

test('broken: a catch-all match outside the labels', () => {
  const { dir } = broken(
    'fluent.conf',
    '@include monitoring.conf',
    '@include monitoring.conf\n@include catch-all.conf',
  );
  writeFileSync(join(dir, 'catch-all.conf'), '# everything else\n<match **>\n  @type elasticsearch\n</match>\n');
  assert.deepEqual(problemsIn(dir), [
    "catch-all.conf:2: <match **> outside any label also takes Fluentd's own fluent.* events and anything emitted without a label; route by labels instead",
  ]);
});

test('broken: a syntax error stops at its place', () => {
  const { dir, line } = broken(
    'kubernetes.conf',
    '  </filter>\n\n  <match kubernetes.**>',
    '  </filtr>\n\n  <match kubernetes.**>',
  );
  assert.deepEqual(problemsIn(dir), [`kubernetes.conf:${line}: unmatched end tag: </filtr> closes <filter>`]);
});

test('FluentdConfigError lists every problem under its code', () => {
  const err = new FluentdConfigError([{ file: 'a.conf', line: 3, message: 'x' }]);
  assert.equal(err.code, 'KANSOKU_ERR_FLUENTD_CONFIG');
  assert.match(err.message, /a\.conf:3: x/);
});

test('a forgotten environment default shows up as a problem, not a silent nil', () => {
  const { dir } = broken(
    'output.conf',
    `port "#{ENV['FLUENT_ELASTICSEARCH_PORT'] || '9200'}"`,
    `port "#{ENV['FLUENT_ELASTICSEARCH_PORT'] || 'ninety'}"`,
  );
  assert.match(problemsIn(dir).join('\n'), /output\.conf:\d+: "port" \(integer\): "ninety" is not an integer/);
});
