import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../src/demo/random.js';

test('the same seed gives the same sequence; values stay in range', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = Array.from({ length: 1000 }, () => a.next());
  assert.deepEqual(
    xs,
    Array.from({ length: 1000 }, () => b.next()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(xs.slice(0, 5), Array.from({ length: 5 }, seededRandom(43).next));
  const ints = Array.from({ length: 1000 }, () => a.int(3));
  assert.deepEqual([...new Set(ints)].sort(), [0, 1, 2]);
});

test('latencies are positive with a median near the one asked for', () => {
  const r = seededRandom(1);
  const samples = Array.from({ length: 4001 }, () => r.latency(10)).sort((x, y) => x - y);
  assert.ok((samples[0] as number) > 0);
  const median = samples[2000] as number;
  assert.ok(median > 8 && median < 12, `median ${median}`);
});
