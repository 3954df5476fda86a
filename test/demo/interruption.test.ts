import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Interrupted, listenForInterruption } from '../../src/demo/interruption.js';

test('a step raced against the signal ends with Interrupted when SIGINT comes first, and with its result otherwise', async () => {
  const listeners = process.listenerCount('SIGINT');
  const interruption = listenForInterruption();
  try {
    assert.equal(await interruption.race(Promise.resolve(42)), 42);
    let finish: (v: string) => void = () => {};
    const slow = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const raced = interruption.race(slow);
    process.emit('SIGINT');
    await assert.rejects(raced, Interrupted);
    await interruption.signalled;
    // After the signal every new step is refused at once.
    await assert.rejects(interruption.race(Promise.resolve(1)), Interrupted);
    finish('late');
  } finally {
    interruption.dispose();
  }
  assert.equal(process.listenerCount('SIGINT'), listeners);
});

test('SIGTERM counts as well', async () => {
  const interruption = listenForInterruption();
  try {
    const raced = interruption.race(new Promise(() => {}));
    process.emit('SIGTERM');
    await assert.rejects(raced, Interrupted);
  } finally {
    interruption.dispose();
  }
});
