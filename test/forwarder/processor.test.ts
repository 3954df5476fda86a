import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createForwarderMetrics } from '../../src/forwarder/metrics.js';
import type { Alert } from '../../src/forwarder/model/alert.js';
import { createFingerprinter } from '../../src/forwarder/model/fingerprint.js';
import { createProcessor } from '../../src/forwarder/processor.js';
import { SqliteStore } from '../../src/forwarder/state/sqlite-store.js';
import { configFrom, record, tempDir } from './helpers.js';

const YAML = `
inputs: { http: { token: t } }
grouping: { realertAfter: 30m, maxGroupsInMemory: 100 }
sinks: { webhook: { url: "http://127.0.0.1:1/" }, alertmanager: { url: "http://127.0.0.1:2/" } }
links: { discover: "https://kibana.example/app/discover", trace: "https://jaeger.example/trace/{traceId}" }
`;

function setup(t: Parameters<typeof tempDir>[0], yaml = YAML) {
  const config = configFrom(yaml);
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  t.after(() => store.close());
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const sinks = ['webhook', 'alertmanager'] as const;
  const metrics = createForwarderMetrics({ groups: () => 0, pending: () => 0, sinks });
  const processor = createProcessor({ config, store, metrics, sinks, now: () => clock.now });
  return { store, clock, processor, metrics };
}

const queued = (store: SqliteStore, sink: string) =>
  store.due(sink, Number.MAX_SAFE_INTEGER, 1000).map((row) => JSON.parse(row.payload) as Alert);

test('a new error queues one alert per sink under one stable key, with everything on-call needs', (t) => {
  const { store, processor } = setup(t);
  const result = processor.process(
    [record({ 'event.id': 'a' }), record({ 'event.id': 'b', 'kubernetes.pod_name': 'checkout-2' })],
    'http',
  );
  assert.deepEqual(result, { received: 2, errors: 2, duplicates: 0, alerts: 1, groupsCreated: 1 });
  const [alert] = queued(store, 'webhook');
  assert.ok(alert);
  assert.deepEqual(queued(store, 'alertmanager'), [alert]);
  assert.equal(alert.reason, 'new');
  assert.match(alert.key, /^[0-9a-f]{32}-1$/);
  assert.equal(alert.service, 'checkout');
  assert.equal(alert.namespace, 'shop');
  assert.equal(alert.pod, 'checkout-2', 'the latest pod');
  assert.equal(alert.countInWindow, 2, 'the alert is built after the whole batch');
  assert.equal(alert.firstSeen, '2026-12-01T10:00:00.000Z');
  assert.equal(alert.title, 'TypeError: Cannot read properties of undefined (reading <quoted>)');
  assert.deepEqual(alert.topFrames, [
    'at charge (/app/src/payment.js:42:17)',
    'at Checkout.pay (/app/src/checkout.js:88:5)',
  ]);
  assert.equal(alert.traceUrl, 'https://jaeger.example/trace/4bf92f3577b34da6a3ce929d0e0e4736');
  const discover = new URL(alert.discoverUrl ?? '');
  const hash = decodeURIComponent(discover.hash);
  assert.match(hash, /_g=\(time:\(from:'2026-12-01T09:55:00\.000Z',to:'2026-12-01T10:05:00\.000Z'\)\)/);
  assert.match(
    hash,
    /query:'service\.name:"checkout" and kubernetes\.namespace_name:"shop" and error\.type:"TypeError"'/,
  );
});

test('a retried batch is not counted twice, and non-errors are ignored', (t) => {
  const { store, processor } = setup(t);
  const batch = [
    record({ 'event.id': 'a' }),
    record({ 'event.id': 'b' }),
    record({ 'event.id': 'c', 'log.level': 'info', 'error.type': '', 'error.stack_trace': '' }),
  ];
  assert.equal(processor.process(batch, 'http').errors, 2);
  const again = processor.process(batch, 'http');
  assert.equal(again.errors, 0);
  assert.equal(again.duplicates, 2);
  assert.equal(again.alerts, 0);
  const group = store.getGroup(queued(store, 'webhook')[0]?.fingerprint ?? '');
  assert.equal(group?.total, 2);
});

test('recurring after realertAfter, with the next sequence number', (t) => {
  const { store, clock, processor } = setup(t);
  processor.process([record({ 'event.id': 'a' })], 'http');
  clock.now += 10 * 60_000;
  assert.equal(processor.process([record({ 'event.id': 'b' })], 'http').alerts, 0);
  clock.now += 20 * 60_000;
  assert.equal(processor.process([record({ 'event.id': 'c' })], 'http').alerts, 1);
  const alerts = queued(store, 'webhook');
  assert.deepEqual(
    alerts.map((a) => [a.reason, a.key.split('-')[1]]),
    [
      ['new', '1'],
      ['recurring', '2'],
    ],
  );
});

test('a silence holds alerts back until it expires', (t) => {
  const { store, clock, processor, metrics } = setup(t);
  store.putSilence({
    id: 's',
    match: { service: 'checkout' },
    until: clock.now + 60 * 60_000,
    comment: 'deploy',
    createdBy: 't',
  });
  processor.process([record({ 'event.id': 'a' }), record({ 'event.id': 'x', 'service.name': 'cart' })], 'http');
  assert.deepEqual(
    queued(store, 'webhook').map((a) => a.service),
    ['cart'],
  );
  clock.now += 61 * 60_000;
  processor.process([record({ 'event.id': 'b' })], 'http');
  assert.deepEqual(
    queued(store, 'webhook').map((a) => `${a.service}:${a.reason}`),
    ['cart:new', 'checkout:recurring'],
  );
  assert.match(JSON.stringify((metrics.alerts as unknown as { hashMap: object }).hashMap), /silenced/);
});

test('groups evicted from memory come back from the store intact', (t) => {
  const { store, processor } = setup(t);
  const many = Array.from({ length: 500 }, (_, i) =>
    record({
      'event.id': `e${i}`,
      'error.stack_trace': '',
      'error.type': '',
      'error.message': '',
      message: `failure in step ${'abcdefghij'[i % 10]}${String.fromCharCode(97 + (Math.floor(i / 10) % 26))}${Math.floor(i / 260)}x`,
    }),
  );
  const result = processor.process(many, 'http');
  assert.equal(result.groupsCreated, 500);
  assert.equal(store.countGroups(), 500);
  // The first group was evicted from memory long ago; a new record still finds its history.
  const again = processor.process([{ ...many[0], id: 'e0-again' } as (typeof many)[0]], 'http');
  assert.equal(again.groupsCreated, 0);
  const fingerprint = createFingerprinter()(many[0] as (typeof many)[0]).id;
  assert.equal(store.getGroup(fingerprint)?.total, 2);
});

test('a checkpoint commits together with its batch', (t) => {
  const { store, processor } = setup(t);
  processor.process([record({ 'event.id': 'a' })], 'elasticsearch', { source: 'es', value: '[1,"a"]' });
  assert.equal(store.getCheckpoint('es'), '[1,"a"]');
});
