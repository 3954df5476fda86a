import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { openLogOutput } from '../../src/demo/log-output.js';

test('a file target gets every line of every logger writing to it, its folder created, all flushed by close()', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-log-output-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'nested', 'logs.jsonl');
  const output = openLogOutput({ kind: 'file', path });
  assert.equal(output.describe, path);
  const a = pino({ base: { who: 'a' } }, output.destination);
  const b = pino({ base: { who: 'b' } }, output.destination);
  for (let i = 0; i < 500; i++) {
    a.info({ i }, 'from a');
    b.error({ i }, 'from b');
  }
  await output.close();
  const lines = (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { who: string; i: number });
  assert.equal(lines.length, 1000);
  assert.deepEqual(
    lines.filter((l) => l.who === 'b').map((l) => l.i),
    Array.from({ length: 500 }, (_, i) => i),
  );
});

test('stdout as the target is described as such', async () => {
  const output = openLogOutput({ kind: 'stdout' });
  assert.equal(output.describe, 'stdout');
  await output.close();
});
