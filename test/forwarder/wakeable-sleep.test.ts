import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { wakeableSleep } from '../../src/forwarder/wakeable-sleep.js';

// Which of two things ends first: the sleep, or a plain timer of `ms`.
const first = (sleep: Promise<void>, ms: number) =>
  Promise.race([sleep.then(() => 'sleep' as const), delay(ms).then(() => 'timer' as const)]);

test('a sleep ends when its time has passed', async () => {
  const { sleep } = wakeableSleep();
  assert.equal(await first(sleep(10), 2_000), 'sleep');
});

test('wake() ends a long sleep at once', async () => {
  const { sleep, wake } = wakeableSleep({ unref: true });
  const long = sleep(60_000);
  wake();
  assert.equal(await first(long, 2_000), 'sleep');
});

test('wake() with nobody asleep does nothing: the next sleep still waits', async () => {
  const { sleep, wake } = wakeableSleep({ unref: true });
  wake();
  assert.equal(await first(sleep(60_000), 200), 'timer');
});

test('a sleep that has ended is not woken again, and the next one can be', async () => {
  const { sleep, wake } = wakeableSleep({ unref: true });
  await sleep(1);
  wake();
  const next = sleep(60_000);
  assert.equal(await first(next, 200), 'timer');
  wake();
  assert.equal(await first(next, 2_000), 'sleep');
});
