import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallTally } from '../../src/demo/tally.js';

test('calls are counted per method and Go-spelled code, in a stable order', () => {
  const tally = new CallTally();
  tally.record('B', 0);
  tally.record('A', 4);
  tally.record('A', 0);
  tally.record('A', 4);
  assert.deepEqual(tally.snapshot(), { A: { DeadlineExceeded: 2, OK: 1 }, B: { OK: 1 } });
  assert.deepEqual(Object.keys(tally.snapshot()), ['A', 'B']);
});
