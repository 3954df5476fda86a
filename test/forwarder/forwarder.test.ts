// The whole forwarder in process: its endpoints, and two replicas sharing state in a
// real Elasticsearch. Both poll the same log index and decide the same alerts; the claims
// let exactly one of them deliver each alert.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { type Forwarder, startForwarder } from '../../src/forwarder/forwarder.js';
import { elasticsearchForFile } from '../helpers/elasticsearch-for-file.js';
import { configFrom, errorRecord, startReceiver, tempDir, waitFor } from './helpers.js';

const es = elasticsearchForFile({ logTemplate: true });

const pending = async (forwarder: Forwarder) => {
  const text = await (await fetch(`${forwarder.metricsUrl}/metrics`)).text();
  return [...text.matchAll(/^kansoku_forwarder_outbox_pending\{sink="\w+"\} (\d+)$/gm)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
};

/**
 * Waits until `groups` services have an alert at the receiver and every replica's outbox is
 * empty; the idempotency keys of what the receiver got.
 */
async function settledAlertKeys(
  receiver: Awaited<ReturnType<typeof startReceiver>>,
  replicas: Forwarder[],
  groups: number,
  timeoutMs: number,
): Promise<string[]> {
  await waitFor(
    'every group alerted',
    () => new Set(receiver.received.map((r) => JSON.parse(r.body).alert.service)).size === groups,
    timeoutMs,
  );
  await waitFor(
    'every outbox settled',
    async () => (await Promise.all(replicas.map(pending))).reduce((a, b) => a + b, 0) === 0,
    timeoutMs,
  );
  return receiver.received.map((r) => String(r.headers['idempotency-key']));
}

test('health and readiness endpoints', async (t) => {
  const config = configFrom(`inputs: { http: { listen: "127.0.0.1:0", token: t } }
state: { sqlite: { path: "${join(tempDir(t), 'state.db')}" } }
sinks: { webhook: { url: "http://127.0.0.1:1/" } }
metrics: { listen: "127.0.0.1:0" }`);
  const forwarder = await startForwarder({ config, logger: pino({ level: 'silent' }) });
  t.after(() => forwarder.stop());
  assert.equal((await fetch(`${forwarder.metricsUrl}/healthz`)).status, 200);
  const ready = await fetch(`${forwarder.metricsUrl}/readyz`);
  assert.deepEqual(await ready.json(), { ready: true, reasons: [] });
  assert.match(await (await fetch(`${forwarder.metricsUrl}/metrics`)).text(), /^kansoku_forwarder_groups 0$/m);
});

test('two replicas sharing state in Elasticsearch deliver every alert exactly once', async (t) => {
  const index = 'logs-kansoku-replicas-1';
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const dir = tempDir(t);
  const replica = (name: string) =>
    startForwarder({
      // The safety delay must outlast the bulk request below: a loaded machine can make part
      // of it visible (a periodic refresh) a second or more before the rest, and a poll past
      // the visible part's timestamps would never read the rest (the refresh lag the delay is for).
      config: configFrom(`inputs:
  elasticsearch: { node: "${es.url}", index: "${index}", pollInterval: 1s, safetyDelay: 10s, startFrom: beginning }
state:
  elasticsearch: { node: "${es.url}", indexPrefix: kansoku-forwarder-test, path: "${join(dir, `${name}.db`)}", claimRecheck: 200ms }
sinks: { webhook: { url: "${receiver.url}/hook" } }
metrics: { listen: "127.0.0.1:0" }`),
      logger: pino({ level: 'silent' }),
    });
  const replicas = [await replica('a'), await replica('b')];
  t.after(async () => {
    for (const r of replicas) await r.stop();
  });
  const services = Array.from({ length: 12 }, (_, i) => `svc-${i}`);
  const operations = services.flatMap((service, i) => [
    { index: { _index: index } },
    errorRecord({ 'service.name': service, 'event.id': `rep-${i}`, '@timestamp': new Date().toISOString() }),
  ]);
  assert.equal((await es.client.bulk({ operations, refresh: 'wait_for' })).errors, false);
  // Both replicas read everything and settle their outboxes (the loser of each claim marks it done).
  const keys = await settledAlertKeys(receiver, replicas, 12, 60_000);
  assert.equal(keys.length, 12, `received ${keys.length}: ${keys.join(', ')}`);
  assert.equal(new Set(keys).size, 12);
});

test('two replicas behind one Service: batches spread over both (and retried onto the other) alert each group once', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const dir = tempDir(t);
  const token = 'replica-token';
  const replica = (name: string) =>
    startForwarder({
      config: configFrom(
        `inputs: { http: { listen: "127.0.0.1:0", token: "${token}" } }
state:
  elasticsearch: { node: "${es.url}", indexPrefix: kansoku-forwarder-ingest, path: "${join(dir, `${name}.db`)}", claimLease: 2s, claimRecheck: 200ms }
grouping: { realertAfter: 1h }
sinks: { webhook: { url: "${receiver.url}/hook" } }
metrics: { listen: "127.0.0.1:0" }`,
      ),
      logger: pino({ level: 'silent' }),
    });
  const replicas = [await replica('a'), await replica('b')];
  t.after(async () => {
    for (const r of replicas) await r.stop();
  });
  // Two Fluentd daemons, each posting its batches to the Service: any batch may land on
  // either replica, and a batch whose answer was lost is retried, maybe on the other one.
  const GROUPS = 10;
  const batches = Array.from({ length: 8 }, (_, b) =>
    Array.from({ length: GROUPS }, (_, g) =>
      errorRecord({
        'service.name': `svc-${g}`,
        'event.id': `ingest-${b}-${g}`,
        '@timestamp': new Date(Date.now() + b).toISOString(),
      }),
    ),
  );
  const post = async (to: Forwarder, body: unknown[]) => {
    const response = await fetch(`${to.ingestUrl}/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 200);
  };
  await Promise.all(
    batches.map(async (batch, i) => {
      await post(replicas[i % 2] as Forwarder, batch);
      if (i % 3 === 0) await post(replicas[(i + 1) % 2] as Forwarder, batch);
    }),
  );
  const keys = await settledAlertKeys(receiver, replicas, GROUPS, 30_000);
  assert.equal(keys.length, GROUPS, `received ${keys.join(', ')}`);
  assert.equal(new Set(keys).size, GROUPS);
  for (const key of keys) assert.match(key, /^[0-9a-f]{32}-1$/);
});
