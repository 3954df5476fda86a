import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HistogramData } from '../src/metrics/histogram-data.js';

test('observations land in the first bucket whose bound is not below them (le semantics)', () => {
  const h = new HistogramData([0.1, 1], false);
  for (const v of [0.05, 0.1, 0.5, 1, 3]) h.observe(v);
  assert.deepEqual([...h.counts], [2, 2, 1]);
  assert.equal(h.count, 5);
  assert.equal(h.sum, 4.65);
  assert.equal(h.exemplars, undefined);
});

test('with exemplars on, the latest observation with trace ids is kept per bucket', () => {
  const h = new HistogramData([1], true);
  h.observe(0.5, 'a'.repeat(32), 'b'.repeat(16));
  h.observe(0.7, 'c'.repeat(32), 'd'.repeat(16));
  h.observe(0.9);
  assert.equal(h.exemplars?.[0]?.traceId, 'c'.repeat(32));
  assert.equal(h.exemplars?.[0]?.value, 0.7);
  assert.equal(h.exemplars?.[1], undefined);
});
