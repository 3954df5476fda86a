// The forwarder's Elasticsearch connections against a real secured node (HTTPS with a
// throwaway CA, a file-realm user): credentials and the CA file are used, a node the CA did
// not sign is refused, and neither the password nor an API key reaches the logs, even when
// Elasticsearch refuses them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { createElasticsearchClient, esErrorText } from '../../src/forwarder/elasticsearch-client.js';
import { startForwarder } from '../../src/forwarder/forwarder.js';
import { elasticsearchForFile } from '../helpers/elasticsearch-for-file.js';
import type { ElasticsearchCredentials } from '../services/elasticsearch-security.js';
import { configFrom, errorRecord, startReceiver, tempDir, waitFor } from './helpers.js';

const es = elasticsearchForFile({ secured: true });
// Read in each test: Node 20 runs a file's top-level before hooks concurrently.
function superuser(): ElasticsearchCredentials {
  assert.ok(es.credentials);
  return es.credentials;
}

function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

test('basic authentication and the CA file reach a secured node; without the CA it is refused', async (t) => {
  const credentials = superuser();
  const ca = readFileSync(credentials.caFile, 'utf8');
  const auth = { username: credentials.username, password: credentials.password };
  const client = createElasticsearchClient({ node: es.url, auth, ca }, 10_000);
  t.after(() => client.close());
  const health = await client.cluster.health();
  assert.notEqual(health.status, 'red');

  const untrusted = createElasticsearchClient({ node: es.url, auth }, 10_000);
  t.after(() => untrusted.close());
  await assert.rejects(untrusted.cluster.health(), (err: unknown) => /certificate/i.test(esErrorText(err)));

  const wrong = createElasticsearchClient(
    { node: es.url, auth: { ...auth, password: 'not-the-password' }, ca },
    10_000,
  );
  t.after(() => wrong.close());
  await assert.rejects(wrong.cluster.health(), (err: unknown) => {
    const text = esErrorText(err);
    assert.match(text, /^Elasticsearch answered 401 \(security_exception/);
    assert.ok(!text.includes('not-the-password'));
    return true;
  });
});

test('an API key is used instead of basic authentication (this distribution cannot mint one: a made-up key is refused)', async (t) => {
  const credentials = superuser();
  const apiKey = Buffer.from('made-up-id:made-up-secret-key').toString('base64');
  const client = createElasticsearchClient(
    { node: es.url, auth: { apiKey }, ca: readFileSync(credentials.caFile, 'utf8') },
    10_000,
  );
  t.after(() => client.close());
  await assert.rejects(client.cluster.health(), (err: unknown) => {
    const text = esErrorText(err);
    assert.match(text, /401/);
    assert.ok(!text.includes(apiKey));
    return true;
  });
});

test('a forwarder with credentials from the environment polls and shares state on the secured node, logging no secret', async (t) => {
  const credentials = superuser();
  const client = createElasticsearchClient(
    {
      node: es.url,
      auth: { username: credentials.username, password: credentials.password },
      ca: readFileSync(credentials.caFile, 'utf8'),
    },
    10_000,
  );
  t.after(() => client.close());
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const index = 'logs-secured-1';
  await client.indices.create({
    index,
    mappings: {
      properties: { '@timestamp': { type: 'date' }, 'log.level': { type: 'keyword' }, 'event.id': { type: 'keyword' } },
    },
  });
  await client.index({ index, document: errorRecord({ '@timestamp': new Date().toISOString() }), refresh: 'wait_for' });
  const env = {
    ES_CA: credentials.caFile,
    KANSOKU_FORWARDER_INPUTS__ELASTICSEARCH__USERNAME: credentials.username,
    KANSOKU_FORWARDER_INPUTS__ELASTICSEARCH__PASSWORD: credentials.password,
    KANSOKU_FORWARDER_STATE__ELASTICSEARCH__USERNAME: credentials.username,
    KANSOKU_FORWARDER_STATE__ELASTICSEARCH__PASSWORD: credentials.password,
  };
  const yaml = (node: string) => `inputs:
  elasticsearch: { node: "${node}", caFile: "\${ES_CA}", index: "${index}", pollInterval: 200ms, safetyDelay: 100ms, startFrom: beginning }
state:
  elasticsearch: { node: "${node}", caFile: "\${ES_CA}", indexPrefix: kansoku-forwarder-secured, path: "${join(tempDir(t), 'state.db')}" }
sinks: { webhook: { url: "${receiver.url}/hook" } }
metrics: { listen: "127.0.0.1:0" }`;
  const { lines, logger } = capturedLogger();
  const forwarder = await startForwarder({ config: configFrom(yaml(es.url), env), logger });
  t.after(() => forwarder.stop());
  const got = await waitFor('the alert', () => receiver.received[0]);
  assert.equal(JSON.parse(got.body).alert.service, 'checkout');
  const key = String(got.headers['idempotency-key']);
  await waitFor('the delivery recorded on the secured node', async () => {
    const slot = await client.get<{ delivered?: { webhook?: string } }>({
      index: 'kansoku-forwarder-secured-alerts',
      id: key,
    });
    return slot._source?.delivered?.webhook === 'sent';
  });

  // The same with a wrong password: startup fails with a clear message, nothing secret anywhere.
  const bad = { ...env, KANSOKU_FORWARDER_STATE__ELASTICSEARCH__PASSWORD: 'wrong-password-7f3a' };
  const failing = capturedLogger();
  await assert.rejects(
    startForwarder({ config: configFrom(yaml(es.url), bad), logger: failing.logger }),
    (err: unknown) => {
      const message = (err as Error).message;
      assert.match(message, /KANSOKU_ERR_FORWARDER_STATE/);
      assert.match(message, /401/);
      assert.ok(!message.includes('wrong-password-7f3a'));
      return true;
    },
  );
  // A poller whose password is refused keeps logging the failure, never the password.
  const badPoller = { ...env, KANSOKU_FORWARDER_INPUTS__ELASTICSEARCH__PASSWORD: 'wrong-password-7f3a' };
  const polling = capturedLogger();
  const stillUp = await startForwarder({ config: configFrom(yaml(es.url), badPoller), logger: polling.logger });
  t.after(() => stillUp.stop());
  await waitFor('a failed poll logged', () => polling.lines.some((l) => l.includes('polling Elasticsearch failed')));
  const ready = await fetch(`${stillUp.metricsUrl}/readyz`);
  assert.equal(ready.status, 503);
  await stillUp.stop();
  const everything = [...lines, ...failing.lines, ...polling.lines].join('');
  for (const secret of [credentials.password, 'wrong-password-7f3a'])
    assert.ok(!everything.includes(secret), 'a secret reached the logs');
  assert.ok(!everything.includes(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')));
});
