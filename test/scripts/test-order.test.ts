import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { longestFirst, rememberTimes } from '../../scripts/test-order.js';

const dir = mkdtempSync(join(tmpdir(), 'kansoku-test-order-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('without times from a last run, files run in name order', () => {
  assert.deepEqual(longestFirst(['b.test.ts', 'c.test.ts', 'a.test.ts'], join(dir, 'absent.json')), [
    'a.test.ts',
    'b.test.ts',
    'c.test.ts',
  ]);
});

test('the longest of the last run go first; an untimed file sits among the middling ones', () => {
  const times = join(dir, 'times.json');
  rememberTimes(
    new Map([
      ['short.test.ts', 1_000],
      ['long.test.ts', 300_000],
      ['mid.test.ts', 40_000],
    ]),
    times,
    ['short.test.ts', 'long.test.ts', 'mid.test.ts'],
  );
  assert.deepEqual(longestFirst(['short.test.ts', 'new.test.ts', 'mid.test.ts', 'long.test.ts'], times), [
    'long.test.ts',
    'mid.test.ts',
    'new.test.ts',
    'short.test.ts',
  ]);
});

test('a run of some files keeps the others’ times and forgets deleted files; a broken times file is ignored', () => {
  const times = join(dir, 'merged.json');
  const first = new Map([
    ['a.test.ts', 5_000],
    ['b.test.ts', 9_000],
    ['c.test.ts', 1_000],
  ]);
  rememberTimes(first, times, ['a.test.ts', 'b.test.ts', 'c.test.ts']);
  // c.test.ts is gone by the second run, which ran only a.test.ts.
  rememberTimes(new Map([['a.test.ts', 50_000]]), times, ['a.test.ts', 'b.test.ts']);
  assert.deepEqual(JSON.parse(readFileSync(times, 'utf8')), { 'a.test.ts': 50_000, 'b.test.ts': 9_000 });
  writeFileSync(times, '{ half a file');
  assert.deepEqual(longestFirst(['b.test.ts', 'a.test.ts'], times), ['a.test.ts', 'b.test.ts']);
});

test('a machine without times of its own orders by the seed; its own times win where it has them', () => {
  const seed = join(dir, 'seed.json');
  const own = join(dir, 'own.json');
  writeFileSync(seed, JSON.stringify({ 'a.test.ts': 1_000, 'b.test.ts': 90_000, 'c.test.ts': 50_000 }));
  assert.deepEqual(longestFirst(['a.test.ts', 'b.test.ts', 'c.test.ts'], own, seed), [
    'b.test.ts',
    'c.test.ts',
    'a.test.ts',
  ]);
  writeFileSync(own, JSON.stringify({ 'b.test.ts': 2_000 }));
  assert.deepEqual(longestFirst(['a.test.ts', 'b.test.ts', 'c.test.ts'], own, seed), [
    'c.test.ts',
    'b.test.ts',
    'a.test.ts',
  ]);
});
