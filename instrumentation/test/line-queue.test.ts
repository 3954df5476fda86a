import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineQueue } from '../src/logging/line-queue.js';

test('lines come out in the order they went in, with their total length kept', () => {
  const q = new LineQueue();
  assert.equal(q.shift(), undefined);
  q.push('ab');
  q.push('cde');
  assert.equal(q.length, 2);
  assert.equal(q.bytes, 5);
  assert.equal(q.shift(), 'ab');
  assert.equal(q.bytes, 3);
  q.push('f');
  assert.deepEqual([q.shift(), q.shift(), q.shift()], ['cde', 'f', undefined]);
  assert.equal(q.length, 0);
  assert.equal(q.bytes, 0);
});

test('a long run of pushes and shifts keeps the order and compacts', () => {
  const q = new LineQueue();
  const out: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    q.push(String(i));
    if (i % 3 === 0) out.push(q.shift() as string);
  }
  for (let line = q.shift(); line !== undefined; line = q.shift()) out.push(line);
  assert.deepEqual(
    out,
    Array.from({ length: 20_000 }, (_, i) => String(i)),
  );
});

test('clear says how many lines it held and empties the queue', () => {
  const q = new LineQueue();
  for (const line of ['a', 'b', 'c']) q.push(line);
  q.shift();
  assert.equal(q.clear(), 2);
  assert.equal(q.length, 0);
  assert.equal(q.bytes, 0);
  assert.equal(q.shift(), undefined);
});
