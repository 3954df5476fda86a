// The log of metadata label values folded into _OTHER: each value named once, values cut
// at 64 characters, and after the first few one line saying more were folded, then silence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FoldedValues } from '../src/metrics/folded-values.js';

test('each folded value is told once, long values shortened, and the log stops after maxTold with one line', () => {
  const told: string[] = [];
  const folded = new FoldedValues(() => (message) => told.push(message), 3);
  folded.fold('server', '/a.B/C', [['tenant', 'x'.repeat(100)]], 'too_long', 32);
  folded.fold('server', '/a.B/C', [['tenant', 'x'.repeat(100)]], 'too_long', 32);
  folded.fold('server', '/a.B/C', [['tenant', 't1']], 'too_many', 2);
  folded.fold('client', '/a.B/C', [['tenant', 't1']], 'too_many', 2);
  for (const tenant of ['t2', 't3', 't4']) folded.fold('server', '/a.B/C', [['tenant', tenant]], 'too_many', 2);
  assert.deepEqual(told, [
    `server metadata labels tenant="${'x'.repeat(64)}…" of /a.B/C counted as _OTHER: longer than 32 characters (metrics.maxLabelValueLength)`,
    'server metadata labels tenant="t1" of /a.B/C counted as _OTHER: past 2 distinct value sets for the method (metrics.maxLabelValues)',
    'client metadata labels tenant="t1" of /a.B/C counted as _OTHER: past 2 distinct value sets for the method (metrics.maxLabelValues)',
    'more metadata label values were folded into _OTHER; only the first 3 are logged',
  ]);
});

test('nothing is told before the logger exists, and such a value is told once it does', () => {
  const told: string[] = [];
  let ready = false;
  const folded = new FoldedValues(() => (ready ? (message) => told.push(message) : undefined));
  folded.fold('server', '/a.B/C', [['tenant', 'early']], 'too_many', 1);
  assert.deepEqual(told, []);
  ready = true;
  folded.fold('server', '/a.B/C', [['tenant', 'early']], 'too_many', 1);
  assert.equal(told.length, 1);
});
