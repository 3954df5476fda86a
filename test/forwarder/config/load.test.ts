import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { envSettings } from '../../../src/forwarder/config/env.js';
import { loadConfig } from '../../../src/forwarder/config/load.js';
import { ForwarderConfigError } from '../../../src/forwarder/errors.js';

const MINIMAL = `
inputs:
  http:
    token: \${INGEST_TOKEN}
sinks:
  webhook: { url: "https://hooks.example/alerts" }
`;

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ForwarderConfigError, String(err));
    assert.equal(err.code, 'KANSOKU_ERR_FORWARDER_CONFIG');
    return err.problems;
  }
  assert.fail('expected a ForwarderConfigError');
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: the configuration's own ${VAR} syntax
test('a minimal file gets the documented defaults, durations in ms, ${VAR} from the environment', () => {
  const config = loadConfig({ text: MINIMAL, env: { INGEST_TOKEN: 't0k3n' } });
  assert.deepEqual(config.inputs.http, {
    listen: { host: '127.0.0.1', port: 8080 },
    token: 't0k3n',
    maxBodyBytes: 10485760,
  });
  assert.deepEqual(config.state, { sqlite: { path: './forwarder.db' } });
  assert.equal(config.grouping.realertAfterMs, 30 * 60_000);
  assert.equal(config.grouping.newErrorAfterMs, 7 * 86400_000);
  assert.deepEqual(config.metrics.listen, { host: '127.0.0.1', port: 9465 });
  assert.deepEqual(config.sinks, { webhook: { url: 'https://hooks.example/alerts' } });
});

test('the issue’s example configuration loads as written', () => {
  const text = `
inputs:
  http:
    listen: 127.0.0.1:8080
    token: \${INGEST_TOKEN}
    maxBodyBytes: 10485760
  elasticsearch:
    node: http://127.0.0.1:9200
    index: logs-*
    pollInterval: 1s
    safetyDelay: 2s
state:
  sqlite: { path: ./forwarder.db }
grouping:
  realertAfter: 30m
  newErrorAfter: 7d
sinks:
  slack: { webhookUrl: https://hooks.slack.com/services/T0/B0/XYZ }
  webhook: { url: https://alerts.example/hook, secret: s3cr3t }
  alertmanager: { url: http://127.0.0.1:9093 }
links:
  discover: https://kibana.example/app/discover
  trace: https://jaeger.example/trace/{traceId}
metrics: { listen: 127.0.0.1:9465 }
`;
  const config = loadConfig({ text, env: { INGEST_TOKEN: 'x' } });
  assert.equal(config.inputs.elasticsearch?.pollIntervalMs, 1000);
  assert.equal(config.inputs.elasticsearch?.safetyDelayMs, 2000);
  assert.equal(config.sinks.alertmanager?.url, 'http://127.0.0.1:9093');
  assert.equal(config.links.trace, 'https://jaeger.example/trace/{traceId}');
});

test('every problem is listed with its path, at once', () => {
  const text = `
inputs:
  http:
    listen: nowhere
    maxBodyBytes: -1
state: { sqlite: {}, elasticsearch: { node: http://x } }
grouping:
  realertAfter: soon
  colour: blue
sinks:
  slack: { webhookUrl: "ftp://nope" }
links:
  trace: https://jaeger.example/trace/
`;
  const problems = problemsOf(() => loadConfig({ text, env: {} }));
  for (const expected of [
    '/inputs/http: token is required',
    '/inputs/http/listen: must be host:port, e.g. 127.0.0.1:8080',
    '/inputs/http/maxBodyBytes: must be >= 1024',
    '/state: choose one backend, not several',
    '/grouping/realertAfter: must be a duration such as 30s, 5m, 1h or 7d',
    '/grouping: unknown setting "colour"',
    '/sinks/slack/webhookUrl: must be an http:// or https:// URL',
    '/links/trace: must contain {traceId}',
  ])
    assert.ok(problems.includes(expected), `missing "${expected}" in:\n${problems.join('\n')}`);
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: the configuration's own ${VAR} syntax
test('no inputs or no sinks is a problem; an unset ${VAR} is named with its path', () => {
  const problems = problemsOf(() =>
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the configuration's own ${VAR} syntax
    loadConfig({ text: 'inputs: {}\nsinks: {}\nlinks: { discover: "${KIBANA}" }', env: {} }),
  );
  assert.ok(problems.includes('/inputs: must configure at least one entry'), problems.join('\n'));
  assert.ok(problems.includes('/sinks: must configure at least one entry'), problems.join('\n'));
  assert.ok(problems.includes('/links/discover: environment variable KIBANA is not set'), problems.join('\n'));
});

test('environment variables override the file and can configure everything alone', () => {
  const env = {
    INGEST_TOKEN: 'from-file',
    KANSOKU_FORWARDER_INPUTS__HTTP__TOKEN: 'from-env',
    KANSOKU_FORWARDER_INPUTS__HTTP__MAX_BODY_BYTES: '2048',
    KANSOKU_FORWARDER_SINKS__ALERTMANAGER__URL: 'http://127.0.0.1:9093',
    KANSOKU_FORWARDER_NOTIFY__DIGEST__ENABLED: 'true',
  };
  const config = loadConfig({ text: MINIMAL, env });
  assert.equal(config.inputs.http?.token, 'from-env');
  assert.equal(config.inputs.http?.maxBodyBytes, 2048);
  assert.equal(config.sinks.alertmanager?.url, 'http://127.0.0.1:9093');
  assert.equal(config.notify.digest.enabled, true);
  const alone = loadConfig({
    env: { KANSOKU_FORWARDER_INPUTS__HTTP__TOKEN: 't', KANSOKU_FORWARDER_SINKS__WEBHOOK__URL: 'http://127.0.0.1:1/' },
  });
  assert.equal(alone.inputs.http?.token, 't');
});

test('a misspelt or mistyped environment variable is a problem, not ignored', () => {
  const problems = problemsOf(() =>
    loadConfig({
      text: MINIMAL,
      env: {
        INGEST_TOKEN: 'x',
        KANSOKU_FORWARDER_SINKS__SLAK__URL: 'x',
        KANSOKU_FORWARDER_NOTIFY__DIGEST__ENABLED: 'yes',
      },
    }),
  );
  assert.ok(
    problems.some((p) => p.startsWith('KANSOKU_FORWARDER_SINKS__SLAK__URL: no such setting')),
    problems.join('\n'),
  );
  assert.ok(problems.includes('KANSOKU_FORWARDER_NOTIFY__DIGEST__ENABLED: must be true or false'), problems.join('\n'));
});

test('problems never repeat a secret value', () => {
  const secret = 'xoxb-very-secret-1234';
  const problems = problemsOf(() =>
    loadConfig({ text: `inputs: { http: { token: 7 } }\nsinks: { slack: { webhookUrl: "${secret}" } }`, env: {} }),
  );
  assert.ok(problems.length >= 2);
  for (const p of problems) assert.ok(!p.includes(secret), p);
});

test('YAML syntax errors say where', () => {
  const problems = problemsOf(() => loadConfig({ text: 'inputs:\n  http: [\n', file: 'forwarder.yaml', env: {} }));
  assert.match(problems[0] ?? '', /^forwarder\.yaml: .*line \d+/);
});

test('every setting has an environment name derived from its path', () => {
  const names = envSettings().map((s) => s.name);
  assert.ok(names.includes('KANSOKU_FORWARDER_INPUTS__HTTP__TOKEN'));
  assert.ok(names.includes('KANSOKU_FORWARDER_SINKS__SLACK__WEBHOOK_URL'));
  assert.ok(names.includes('KANSOKU_FORWARDER_GROUPING__REALERT_AFTER'));
  assert.equal(new Set(names).size, names.length);
  assert.ok(envSettings().find((s) => s.name === 'KANSOKU_FORWARDER_INPUTS__HTTP__TOKEN')?.secret);
});

test('Elasticsearch credentials (poller, state) come in pairs and resolve to the client’s auth', () => {
  const config = loadConfig({
    text: `
inputs:
  elasticsearch: { node: "http://es:9200", username: poller, password: "\${ES_PASSWORD}" }
state:
  elasticsearch: { node: "http://es:9200", username: state, password: s3cret }
sinks:
  webhook: { url: "https://hooks.example/alerts" }
`,
    env: { ES_PASSWORD: 'p4ss' },
  });
  assert.deepEqual(config.inputs.elasticsearch?.auth, { username: 'poller', password: 'p4ss' });
  assert.deepEqual(config.state, {
    elasticsearch: {
      node: 'http://es:9200',
      indexPrefix: 'kansoku-forwarder',
      auth: { username: 'state', password: 's3cret' },
      path: './forwarder.db',
      claimLeaseMs: 120_000,
      claimRecheckMs: 2_000,
    },
  });
  const alone = problemsOf(() =>
    loadConfig({
      text: 'inputs:\n  elasticsearch: { node: "http://es:9200", username: poller }\nsinks:\n  webhook: { url: "https://x/" }\n',
    }),
  );
  assert.deepEqual(alone, ['/inputs/elasticsearch: must have property password when property username is present']);
});

test('Elasticsearch credentials and CA come from the file or the environment, checked together', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-forwarder-ca-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const caFile = join(dir, 'ca.crt');
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const config = loadConfig({
    text: `inputs: { elasticsearch: { node: "https://es:9200", apiKey: "\${ES_API_KEY}", caFile: "${caFile}" } }
state: { elasticsearch: { node: "https://es:9200", username: kansoku } }
sinks: { webhook: { url: "http://127.0.0.1:1/" } }`,
    env: { ES_API_KEY: 'a2V5OnNlY3JldA==', KANSOKU_FORWARDER_STATE__ELASTICSEARCH__PASSWORD: 'pw-from-env' },
  });
  assert.deepEqual(config.inputs.elasticsearch?.auth, { apiKey: 'a2V5OnNlY3JldA==' });
  assert.match(config.inputs.elasticsearch?.ca ?? '', /BEGIN CERTIFICATE/);
  assert.ok('elasticsearch' in config.state);
  assert.deepEqual(config.state.elasticsearch.auth, { username: 'kansoku', password: 'pw-from-env' });
  assert.equal(config.state.elasticsearch.ca, undefined);
  for (const name of ['PASSWORD', 'API_KEY'])
    assert.ok(envSettings().find((s) => s.name === `KANSOKU_FORWARDER_STATE__ELASTICSEARCH__${name}`)?.secret, name);
});

test('Elasticsearch connection problems are listed with their paths, secrets not repeated', () => {
  const half = problemsOf(() =>
    loadConfig({
      text: `inputs: { elasticsearch: { node: "https://es:9200", username: u } }
sinks: { webhook: { url: "http://127.0.0.1:1/" } }`,
      env: {},
    }),
  );
  assert.deepEqual(half, ['/inputs/elasticsearch: must have property password when property username is present']);
  const problems = problemsOf(() =>
    loadConfig({
      text: `inputs: { elasticsearch: { node: "https://kansoku:hunter22@es:9200" } }
state: { elasticsearch: { node: "https://es:9200", apiKey: "k3y-secret", username: u, password: "pw-secret", caFile: /nonexistent/ca.crt } }
sinks: { webhook: { url: "http://127.0.0.1:1/" } }`,
      env: {},
    }),
  );
  for (const expected of [
    '/inputs/elasticsearch/node: put credentials in username and password (or apiKey), not in the URL',
    '/state/elasticsearch: choose apiKey or username and password, not both',
    '/state/elasticsearch/caFile: cannot read /nonexistent/ca.crt: ENOENT',
  ])
    assert.ok(problems.includes(expected), `missing "${expected}" in:\n${problems.join('\n')}`);
  for (const p of problems)
    for (const secret of ['hunter22', 'k3y-secret', 'pw-secret']) assert.ok(!p.includes(secret), p);
});
