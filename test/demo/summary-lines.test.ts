import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DemoStats } from '../../src/demo/demo.js';
import { progressLine, type SummarySample, summaryLines } from '../../src/demo/summary-lines.js';

const stats = (over: Partial<DemoStats>): DemoStats => ({
  calls: 0,
  failuresByCode: {},
  p99Ms: undefined,
  spansExported: undefined,
  ...over,
});
const sample = (at: number, over: Partial<DemoStats>, alertsReceived?: number): SummarySample => ({
  at,
  stats: stats(over),
  alertsReceived,
});

test('the live lines give calls per second between two samples, errors by code (most first), p99, spans and alerts', () => {
  const before = sample(1_000, { calls: 100 });
  const now = sample(
    3_000,
    {
      calls: 180,
      failuresByCode: { Unknown: 2, NotFound: 9, Internal: 2 },
      p99Ms: 412.6,
      spansExported: 321,
    },
    4,
  );
  const lines = summaryLines(before, now);
  assert.match(lines[0] as string, /calls\/s\s+40\.0\s+\(180 calls in all\)/);
  assert.match(lines[1] as string, /errors by code\s+NotFound 9, Internal 2, Unknown 2$/);
  assert.match(lines[2] as string, /p99 latency\s+413 ms/);
  assert.match(lines[3] as string, /spans exported\s+321/);
  assert.match(lines[4] as string, /alerts sent\s+4/);
});

test('what is off is left out; before a second sample the rate is "-"', () => {
  const lines = summaryLines(undefined, sample(0, { calls: 3 }));
  assert.equal(lines.length, 3);
  assert.match(lines[0] as string, /calls\/s\s+-/);
  assert.match(lines[1] as string, /errors by code\s+none/);
  assert.match(lines[2] as string, /p99 latency\s+-/);
});

test('the progress line is one line with every figure and no escape codes', () => {
  const line = progressLine(
    0,
    sample(5_000, { calls: 50 }),
    sample(
      10_000,
      {
        calls: 150,
        failuresByCode: { Unavailable: 1 },
        p99Ms: 90,
        spansExported: 10,
      },
      0,
    ),
  );
  assert.equal(
    line,
    '[  10 s] | calls/s 20.0 | calls 150 | errors by code: Unavailable 1 | p99 90 ms | spans exported 10 | alerts sent 0',
  );
});
