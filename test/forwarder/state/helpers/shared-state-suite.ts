// The shared state's tests against one real Elasticsearch node, run for each major the
// forwarder supports (state/elasticsearch-shared.test.ts: 9.x; elasticsearch-client-es8.test.ts:
// 8.x): two replicas that decided the same alert queue it once (op_type create on its key),
// a realert comes under the next key only when due, and the undelivered sinks of a replica
// that stopped are taken over after the lease (if_seq_no/if_primary_term), the delivered ones not.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import type { Alert } from '../../../../src/forwarder/model/alert.js';
import {
  SHARED_QUEUE,
  type SharedState,
  startSharedState,
} from '../../../../src/forwarder/state/elasticsearch-shared.js';
import { SqliteStore } from '../../../../src/forwarder/state/sqlite-store.js';
import { tempDir, waitFor } from '../../helpers.js';

const LEASE = 1_500;
type Replica = { store: SqliteStore; shared: SharedState };

async function replicas(node: () => string, t: Parameters<typeof tempDir>[0], prefix: string, clock: { now: number }) {
  const dir = tempDir(t);
  const started: Replica[] = [];
  const start = async (owner: string): Promise<Replica> => {
    const store = new SqliteStore(join(dir, `${owner}.db`));
    const shared = await startSharedState({
      connection: { node: node() },
      indexPrefix: prefix,
      leaseMs: LEASE,
      recheckMs: 100,
      realertAfterMs: 60_000,
      giveUpAfterMs: 3_600_000,
      sinks: ['webhook', 'slack'],
      store,
      logger: pino({ level: process.env.DEBUG_SHARED ? 'debug' : 'silent' }),
      now: () => clock.now,
      onQueued: () => {},
      owner,
    });
    const replica = { store, shared };
    started.push(replica);
    return replica;
  };
  t.after(async () => {
    for (const r of started) {
      await r.shared.stop();
      r.store.close();
    }
  });
  return start;
}

function alert(fingerprint: string, reason: Alert['reason'], seq: number): Alert {
  return {
    key: `${fingerprint}-${seq}`,
    reason,
    fingerprint,
    title: 'TypeError: boom',
    service: 'checkout',
    namespace: 'shop',
    pod: 'checkout-1',
    errorType: 'TypeError',
    countInWindow: 1,
    windowSeconds: 300,
    total: 1,
    firstSeen: '2026-12-01T10:00:00.000Z',
    lastSeen: '2026-12-01T10:00:00.000Z',
    sampleMessage: 'boom',
    topFrames: [],
    firedAt: '2026-12-01T10:00:00.000Z',
  };
}

/** The replica decided an alert now (what the processor does) and settles it. */
async function decide(replica: Replica, a: Alert, clock: { now: number }): Promise<void> {
  replica.store.enqueue(SHARED_QUEUE, `${a.key}-${clock.now}`, JSON.stringify(a), clock.now);
  replica.shared.wake();
  await waitFor('the decision settled', () => replica.store.pending(SHARED_QUEUE) === 0);
}

const queued = (replica: Replica, sink: string) =>
  replica.store.due(sink, Number.MAX_SAFE_INTEGER, 100).map((r) => r.key);

/** Registers the tests on the node at `node()` (read once the file's before hook has started it). */
export function sharedStateTests(node: () => string): void {
  test('two replicas that decided the same alert queue it once, under one key', async (t) => {
    const clock = { now: Date.now() };
    const start = await replicas(node, t, 'shared-once', clock);
    const [a, b] = [await start('a'), await start('b')];
    for (let i = 0; i < 5; i++) {
      const fp = `fp${i}`;
      // Each replica numbers its own alerts; the shared key is what counts.
      await Promise.all([decide(a, alert(fp, 'new', 1), clock), decide(b, alert(fp, 'new', 3), clock)]);
    }
    for (const sink of ['webhook', 'slack']) {
      const keys = [...queued(a, sink), ...queued(b, sink)].sort();
      assert.deepEqual(keys, ['fp0-1', 'fp1-1', 'fp2-1', 'fp3-1', 'fp4-1'], sink);
    }
    // The payload carries the shared key.
    const row = [
      ...a.store.due('webhook', Number.MAX_SAFE_INTEGER, 100),
      ...b.store.due('webhook', Number.MAX_SAFE_INTEGER, 100),
    ][0];
    assert.equal((JSON.parse(row?.payload ?? '{}') as Alert).key, row?.key);
  });

  test('a realert from another replica comes under the next key only once the interval has passed', async (t) => {
    const clock = { now: Date.now() };
    const start = await replicas(node, t, 'shared-realert', clock);
    const [a, b] = [await start('a'), await start('b')];
    await decide(a, alert('g', 'new', 1), clock);
    clock.now += 10_000;
    await decide(b, alert('g', 'new', 1), clock);
    clock.now += 20_000;
    await decide(b, alert('g', 'recurring', 2), clock);
    assert.deepEqual(queued(b, 'webhook'), [], 'not due yet: another replica alerted 30 s ago');
    clock.now += 31_000;
    await decide(b, alert('g', 'recurring', 3), clock);
    assert.deepEqual(queued(b, 'webhook'), ['g-2']);
    assert.deepEqual(queued(a, 'webhook'), ['g-1']);
    // A spike is due in a window that has not had one, even inside the realert interval.
    clock.now += 1_000;
    await decide(a, { ...alert('g', 'spike', 2), lastSeen: '2026-12-01T10:10:00.000Z' }, clock);
    assert.deepEqual(queued(a, 'webhook'), ['g-1', 'g-3']);
    clock.now += 1_000;
    await decide(b, { ...alert('g', 'spike', 4), lastSeen: '2026-12-01T10:11:00.000Z' }, clock);
    assert.deepEqual(queued(b, 'webhook'), ['g-2'], 'one spike alert per window');
  });

  test('the sinks a stopped replica had not delivered are taken over after the lease, by one survivor', async (t) => {
    const clock = { now: Date.now() };
    const start = await replicas(node, t, 'shared-takeover', clock);
    const [a, b, c] = [await start('a'), await start('b'), await start('c')];
    await decide(a, alert('h', 'new', 1), clock);
    await a.shared.delivered('webhook', 'h-1', 'sent');
    await a.shared.stop();
    // Liveness is wall-clock time: the survivors take it over once A has been silent for the lease.
    await waitFor('taken over', () => queued(b, 'slack').length + queued(c, 'slack').length > 0);
    // Only the missing sink, by exactly one survivor, under the same key.
    assert.deepEqual([...queued(b, 'slack'), ...queued(c, 'slack')], ['h-1']);
    assert.deepEqual([...queued(b, 'webhook'), ...queued(c, 'webhook')], []);
  });
}
