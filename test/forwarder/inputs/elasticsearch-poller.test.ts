// The poller against a real Elasticsearch: pages with search_after through documents that
// share a timestamp, keeps the checkpoint in the state file and resumes exactly after a
// restart, leaves documents inside the safety delay for later, and skips info lines.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { CHECKPOINT_SOURCE, startPoller } from '../../../src/forwarder/inputs/elasticsearch-poller.js';
import { createForwarderMetrics } from '../../../src/forwarder/metrics.js';
import { createProcessor } from '../../../src/forwarder/processor.js';
import { SqliteStore } from '../../../src/forwarder/state/sqlite-store.js';
import { elasticsearchForFile } from '../../helpers/elasticsearch-for-file.js';
import { configFrom, errorRecord, tempDir } from '../helpers.js';

const es = elasticsearchForFile({ logTemplate: true });

const T0 = Date.parse('2026-12-01T10:00:00.000Z');

async function index(name: string, docs: Record<string, unknown>[]) {
  const operations = docs.flatMap((doc) => [{ index: { _index: name } }, doc]);
  const result = await es.client.bulk({ operations, refresh: 'wait_for' });
  assert.equal(result.errors, false);
}

function setup(t: Parameters<typeof tempDir>[0], indexName: string, dbPath: string, clock: { now: number }) {
  const config = configFrom(`
inputs:
  elasticsearch: { node: "${es.url}", index: "${indexName}", safetyDelay: 2s, batchSize: 3, startFrom: beginning }
grouping: { realertAfter: 1h }
sinks: { webhook: { url: "http://127.0.0.1:1/" } }`);
  const input = config.inputs.elasticsearch;
  assert.ok(input);
  const store = new SqliteStore(dbPath);
  const metrics = createForwarderMetrics({ groups: () => 0, pending: () => 0, sinks: ['webhook'] });
  const now = () => clock.now;
  const processor = createProcessor({ config, store, metrics, sinks: ['webhook'], now });
  const poller = startPoller(
    { input, minLevel: 'error', processor, store, metrics, logger: pino({ level: 'silent' }), now },
    false,
  );
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await poller.stop();
    store.close();
  };
  t.after(close);
  return { poller, store, metrics, close };
}

test('pages through equal timestamps, resumes exactly from the stored checkpoint, skips info', async (t) => {
  const name = 'logs-kansoku-resume-1';
  const dbPath = join(tempDir(t), 'state.db');
  // Seven errors, five of them in the same millisecond (the tiebreaker decides), and two info lines.
  const docs = [
    ...Array.from({ length: 5 }, (_, i) =>
      errorRecord({ '@timestamp': new Date(T0).toISOString(), 'event.id': `same-${i}` }),
    ),
    errorRecord({ '@timestamp': new Date(T0 + 1).toISOString(), 'event.id': 'later-1', 'service.name': 'cart' }),
    errorRecord({ '@timestamp': new Date(T0 + 2).toISOString(), 'event.id': 'later-2', 'service.name': 'cart' }),
    { '@timestamp': new Date(T0).toISOString(), 'log.level': 'info', message: 'served', 'event.id': 'info-1' },
    { '@timestamp': new Date(T0 + 3).toISOString(), 'log.level': 'info', message: 'served', 'event.id': 'info-2' },
  ];
  await index(name, docs);
  const clock = { now: T0 + 60_000 };
  const first = setup(t, name, dbPath, clock);
  assert.equal(await first.poller.pollOnce(), 7, 'seven error documents over three pages of three');
  assert.equal(first.store.countGroups(), 2);
  assert.deepEqual(JSON.parse(first.store.getCheckpoint(CHECKPOINT_SOURCE) ?? '{}'), { after: [T0 + 2, 'later-2'] });
  assert.equal(await first.poller.pollOnce(), 0, 'nothing new');
  await first.close();

  // A restart on the same state file: nothing is applied again; new documents are.
  await index(name, [
    errorRecord({ '@timestamp': new Date(T0 + 2).toISOString(), 'event.id': 'later-3', 'service.name': 'cart' }),
  ]);
  const second = setup(t, name, dbPath, clock);
  assert.equal(await second.poller.pollOnce(), 1);
  assert.deepEqual(JSON.parse(second.store.getCheckpoint(CHECKPOINT_SOURCE) ?? '{}'), { after: [T0 + 2, 'later-3'] });
  const received = await second.metrics.registry.getSingleMetricAsString('kansoku_forwarder_events_duplicate_total');
  assert.doesNotMatch(received, /elasticsearch"\} [1-9]/, 'resumed exactly: not even a duplicate');
});

test('documents inside the safety delay wait for the next poll', async (t) => {
  const name = 'logs-kansoku-delay-1';
  await index(name, [
    errorRecord({ '@timestamp': new Date(T0).toISOString(), 'event.id': 'old' }),
    errorRecord({ '@timestamp': new Date(T0 + 10_000).toISOString(), 'event.id': 'fresh' }),
  ]);
  const clock = { now: T0 + 11_000 };
  const { poller, store } = setup(t, name, join(tempDir(t), 'state.db'), clock);
  assert.equal(await poller.pollOnce(), 1, 'the fresh one is within the 2 s delay');
  clock.now = T0 + 12_001;
  assert.equal(await poller.pollOnce(), 1);
  assert.deepEqual(JSON.parse(store.getCheckpoint(CHECKPOINT_SOURCE) ?? '{}'), { after: [T0 + 10_000, 'fresh'] });
});

test('a missing index is no error; an unreachable Elasticsearch is (counted, the loop goes on)', async (t) => {
  const { poller } = setup(t, 'logs-kansoku-none-*', join(tempDir(t), 'state.db'), { now: T0 });
  assert.equal(await poller.pollOnce(), 0);
  const config = configFrom(
    `inputs: { elasticsearch: { node: "http://127.0.0.1:1", pollInterval: 1s } }\nsinks: { webhook: { url: "http://127.0.0.1:1/" } }`,
  );
  const store = new SqliteStore(join(tempDir(t), 'other.db'));
  const metrics = createForwarderMetrics({ groups: () => 0, pending: () => 0, sinks: ['webhook'] });
  const processor = createProcessor({ config, store, metrics, sinks: ['webhook'], now: Date.now });
  const input = config.inputs.elasticsearch;
  assert.ok(input);
  const looping = startPoller({
    input,
    minLevel: 'error',
    processor,
    store,
    metrics,
    logger: pino({ level: 'silent' }),
    now: Date.now,
  });
  t.after(async () => {
    await looping.stop();
    store.close();
  });
  for (let i = 0; i < 200 && looping.healthy(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(looping.healthy(), false);
  assert.match(await metrics.registry.getSingleMetricAsString('kansoku_forwarder_poll_errors_total'), /total [1-9]/);
});
