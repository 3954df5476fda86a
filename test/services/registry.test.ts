// The process registry the leak check reads: a service's process group counts as alive
// while any of its processes runs, so a child its launcher forked is seen after the
// launcher itself has exited (the way an Elasticsearch or a kube-* launcher could leave one).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { groupAlive, isAlive } from './registry.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a group whose leader has exited is alive while a forked child runs, and gone after it', async (t) => {
  // The leader forks a child into its own (new) group, prints the child's pid and exits.
  const leader = spawn('sh', ['-c', 'sleep 600 & echo $!'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const pgid = leader.pid as number;
  t.after(() => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  let out = '';
  leader.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  await once(leader, 'exit');
  const child = Number(out.trim());
  assert.ok(child > 0, `no child pid in ${JSON.stringify(out)}`);
  assert.equal(isAlive(pgid), false, 'the leader has exited');
  assert.equal(groupAlive(pgid), true, 'its forked child still runs in the group');
  process.kill(-pgid, 'SIGKILL');
  for (let i = 0; i < 200 && groupAlive(pgid); i++) await sleep(25);
  assert.equal(groupAlive(pgid), false);
});

test('a group that never existed is not alive', () => {
  // Process ids are below 2^22 on Linux: this one cannot be a group leader.
  assert.equal(groupAlive(2 ** 22 + 1), false);
});
