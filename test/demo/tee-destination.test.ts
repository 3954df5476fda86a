import assert from 'node:assert/strict';
import { test } from 'node:test';
import { teeDestination } from '../../src/demo/tee-destination.js';

test('every line goes to the output and to the shipper; flush waits for the output', async () => {
  const written: string[] = [];
  const shipped: string[] = [];
  let flushed = 0;
  const tee = teeDestination(
    {
      write: (line: string) => written.push(line),
      flush: (done?: (err?: Error | null) => void) => {
        flushed++;
        setImmediate(() => done?.());
      },
    },
    (line) => shipped.push(line),
  );
  tee.write('a\n');
  tee.write('b\n');
  await new Promise<void>((resolve) => tee.flush(() => resolve()));
  assert.deepEqual(written, ['a\n', 'b\n']);
  assert.deepEqual(shipped, ['a\n', 'b\n']);
  assert.equal(flushed, 1);
});

test('an output without flush is flushed at once', async () => {
  const tee = teeDestination({ write: () => {} }, () => {});
  await new Promise<void>((resolve) => tee.flush(() => resolve()));
});
