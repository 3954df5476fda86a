import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecentLatencies } from '../../src/demo/recent-latencies.js';

test('the p99 is the nearest-rank quantile of the durations that ended in the window', () => {
  const now = 0;
  const latencies = new RecentLatencies({ windowMs: 10_000, now: () => now });
  assert.equal(latencies.quantile(0.99), undefined);
  for (let i = 1; i <= 200; i++) latencies.add(i);
  assert.equal(latencies.quantile(0.99), 198);
  assert.equal(latencies.quantile(0.5), 100);
  assert.equal(latencies.quantile(1), 200);
});

test('durations older than the window no longer count', () => {
  let now = 0;
  const latencies = new RecentLatencies({ windowMs: 10_000, now: () => now });
  latencies.add(5_000);
  now = 6_000;
  latencies.add(10);
  assert.equal(latencies.quantile(0.99), 5_000);
  now = 10_001;
  assert.equal(latencies.quantile(0.99), 10);
  now = 16_001;
  assert.equal(latencies.quantile(0.99), undefined);
});

test('at most maxEntries durations are kept, the oldest dropped first', () => {
  const latencies = new RecentLatencies({ maxEntries: 3, now: () => 0 });
  for (const ms of [100, 1, 2, 3]) latencies.add(ms);
  assert.equal(latencies.quantile(1), 3);
});
