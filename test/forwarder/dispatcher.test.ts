// The delivery loops: each sink has its own, so a failing sink is retried on its own and
// the sinks that already succeeded are never sent the alert again.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { startDispatcher } from '../../src/forwarder/dispatcher.js';
import { createForwarderMetrics } from '../../src/forwarder/metrics.js';
import type { Alert } from '../../src/forwarder/model/alert.js';
import type { Delivery, Sink } from '../../src/forwarder/sinks/sink.js';
import { SqliteStore } from '../../src/forwarder/state/sqlite-store.js';
import { tempDir, waitFor } from './helpers.js';

function recordingSink(name: 'slack' | 'webhook', answers: Delivery[]): Sink & { calls: string[] } {
  const calls: string[] = [];
  return {
    name,
    minIntervalMs: 0,
    digest: false,
    calls,
    async send(_alerts: readonly Alert[], key: string) {
      calls.push(key);
      return answers.shift() ?? { ok: true };
    },
  };
}

test('a failing sink is retried with backoff without resending to the sink that succeeded', async (t) => {
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  const metrics = createForwarderMetrics({ groups: () => 0, pending: () => 0, sinks: ['slack', 'webhook'] });
  const healthy = recordingSink('webhook', []);
  const flaky = recordingSink('slack', [
    { ok: false, permanent: false, error: 'down' },
    { ok: false, permanent: false, error: 'still down' },
  ]);
  for (const sink of ['slack', 'webhook']) store.enqueue(sink, 'k-1', JSON.stringify({ key: 'k-1' }), Date.now());
  const common = {
    store,
    metrics,
    logger: pino({ level: 'silent' }),
    giveUpAfterMs: 60_000,
    digest: { enabled: false, intervalMs: 1, minAlerts: 2 },
  };
  const loops = [startDispatcher({ ...common, sink: healthy }), startDispatcher({ ...common, sink: flaky })];
  t.after(async () => {
    for (const loop of loops) await loop.stop();
    store.close();
  });
  await waitFor('both sinks delivered', () => store.pending('slack') === 0 && store.pending('webhook') === 0, 15_000);
  assert.deepEqual(healthy.calls, ['k-1']);
  assert.deepEqual(flaky.calls, ['k-1', 'k-1', 'k-1']);
});

test('a delivery that never succeeds is given up after giveUpAfter and counted as failed', async (t) => {
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  const metrics = createForwarderMetrics({ groups: () => 0, pending: () => 0, sinks: ['webhook'] });
  const dead = recordingSink(
    'webhook',
    Array.from({ length: 100 }, () => ({ ok: false as const, permanent: false, error: 'down' })),
  );
  store.enqueue('webhook', 'k-1', JSON.stringify({ key: 'k-1' }), Date.now() - 120_000);
  const loop = startDispatcher({
    store,
    metrics,
    sink: dead,
    logger: pino({ level: 'silent' }),
    giveUpAfterMs: 60_000,
    digest: { enabled: false, intervalMs: 1, minAlerts: 2 },
  });
  t.after(async () => {
    await loop.stop();
    store.close();
  });
  await waitFor('the row to settle', () => store.pending('webhook') === 0);
  assert.deepEqual(dead.calls, ['k-1']);
  assert.match(await metrics.registry.metrics(), /kansoku_forwarder_notifications_failed_total\{sink="webhook"\} 1/);
});
