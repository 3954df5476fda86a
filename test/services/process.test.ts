// The failure behaviour every service helper relies on: a service that dies or never
// becomes ready fails with its own last log lines, and stop() leaves nothing running.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { launch, ServiceProcess } from './process.js';
import { isAlive, registered } from './registry.js';

test('a service that exits before it is ready fails with its last log lines', async () => {
  await assert.rejects(
    launch(
      { name: 'dies-early', command: 'sh', args: ['-c', 'echo "config error: no such file /etc/x.yml" >&2; exit 3'] },
      async () => false,
      60_000,
    ),
    (error: Error) => {
      assert.match(error.message, /dies-early: exited before it was ready \(exited with code 3\)/);
      assert.match(error.message, /config error: no such file \/etc\/x\.yml/);
      return true;
    },
  );
});

test('a service that never becomes ready fails at its startup deadline, and is stopped', async () => {
  await assert.rejects(
    launch(
      { name: 'never-ready', command: 'sh', args: ['-c', 'echo waiting for nothing; exec sleep 600'] },
      async () => false,
      500,
    ),
    (error: Error) => {
      assert.match(error.message, /never-ready: not ready after 1s/);
      assert.match(error.message, /waiting for nothing/);
      return true;
    },
  );
  for (const entry of registered()) {
    if (entry.name === 'never-ready') assert.equal(isAlive(entry.pid), false, `pid ${entry.pid} still alive`);
  }
});

test('stop() ends the whole process group and removes the data folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-process-test-'));
  // The shell forks a child that ignores SIGTERM, as a launcher's JVM child might.
  const service = new ServiceProcess({
    name: 'forks-a-child',
    command: 'sh',
    args: ['-c', `sh -c 'trap "" TERM; echo child $$; sleep 600' & wait`],
    dataDirs: [dir],
  });
  await service.waitUntilReady(async () => /child \d+/.test(service.logs()), 60_000);
  const childPid = Number(/child (\d+)/.exec(service.logs())?.[1]);
  assert.ok(isAlive(childPid));
  await service.stop(500);
  assert.equal(isAlive(service.pid), false);
  assert.equal(isAlive(childPid), false, 'the forked child was stopped too');
  assert.equal(existsSync(dir), false);
  assert.equal(
    registered().some((e) => e.pid === service.pid),
    false,
  );
});
