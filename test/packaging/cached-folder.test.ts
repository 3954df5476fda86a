// cachedFolder under the race that made CI red once: several test files (processes)
// building the same key at once. Every builder here is its own process
// (helpers/cached-folder-builder.ts), released at the same moment; meanwhile this process
// watches the key's folder and fails if it ever sees it incomplete.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { BuilderSettings } from './helpers/cached-folder-builder.js';

const builderScript = join(import.meta.dirname, 'helpers/cached-folder-builder.ts');
const FILES = 20;
const DELAY_MS = 25;
const GROUP = 'kansoku-cached-folder-test';
const KEY = 'the-key';

interface Builder {
  child: ChildProcess;
  ready: Promise<void>;
  go(): void;
  /** What the builder got: its folder and the files in it, or the way it ended. */
  result: Promise<{ dir: string; files: Record<string, string> } | { code: number | null; signal: string | null }>;
}

let tmp: string;
let buildLog: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'kansoku-cached-folder-'));
  buildLog = join(tmp, 'builds.log');
});

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(tmp, { recursive: true, force: true });
});

function startBuilder(extra: Partial<BuilderSettings> = {}): Builder {
  const settings: BuilderSettings = { group: GROUP, key: KEY, files: FILES, delayMs: DELAY_MS, buildLog, ...extra };
  const child = spawn(process.execPath, ['--import', 'tsx', builderScript, JSON.stringify(settings)], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  const ready = new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith('ready\n')) resolve();
    });
  });
  const result = once(child, 'exit').then(([code, signal]) => {
    const line = stdout.split('\n').find((text) => text.startsWith('{'));
    return line ? JSON.parse(line) : { code, signal };
  });
  return { child, ready, go: () => child.stdin?.write('go\n'), result };
}

const base = () => join(tmp, GROUP);
const published = () => join(base(), KEY);
const builds = () => readFileSync(buildLog, 'utf8').split('\n').filter(Boolean).length;

function assertComplete(files: Record<string, string>, who: string): void {
  const expected: Record<string, string> = { '.ready': '' };
  for (let i = 0; i < FILES; i++) expected[`file-${i}`] = `content of file ${i}\n`;
  assert.deepEqual(files, expected, `${who} got an incomplete folder`);
}

/** Reads the key's folder every few milliseconds until stopped; returns what it saw. */
function watch(): { stop(): Promise<{ looks: number; incomplete: string[] }> } {
  let looks = 0;
  const incomplete: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      if (existsSync(published())) {
        looks++;
        const names = readdirSync(published()).filter((name) => !name.startsWith('run-'));
        if (names.length !== FILES + 1) incomplete.push(names.sort().join(','));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { looks, incomplete };
    },
  };
}

async function release(builders: Builder[]): Promise<void> {
  await Promise.all(builders.map((builder) => builder.ready));
  for (const builder of builders) builder.go();
}

test('six processes building one key at once all get the same complete folder, built once', async () => {
  const builders = Array.from({ length: 6 }, () => startBuilder());
  const watcher = watch();
  await release(builders);
  const results = await Promise.all(builders.map((builder) => builder.result));
  const seen = await watcher.stop();
  for (const [i, result] of results.entries()) {
    assert.ok('dir' in result, `builder ${i} ended without a folder: ${JSON.stringify(result)}`);
    assert.equal(result.dir, published());
    assertComplete(result.files, `builder ${i}`);
  }
  assert.deepEqual(seen.incomplete, [], 'the folder was visible before it was complete');
  assert.ok(seen.looks > 0, 'the watcher never saw the folder');
  assert.equal(builds(), 1, 'the others waited for the one holding the lock');
  assert.deepEqual(await readdir(base()), [KEY], 'no lock or staging folder is left');
});

test('a builder killed halfway publishes nothing; the next ones take over its lock and build', async () => {
  const doomed = startBuilder({ dieMidBuild: true });
  await release([doomed]);
  assert.deepEqual(await doomed.result, { code: null, signal: 'SIGKILL' });
  assert.equal(existsSync(published()), false, 'a half-built folder was published');
  assert.ok(existsSync(`${published()}.lock`), 'the dead builder left its lock');

  const builders = Array.from({ length: 3 }, () => startBuilder());
  const watcher = watch();
  await release(builders);
  const results = await Promise.all(builders.map((builder) => builder.result));
  assert.deepEqual((await watcher.stop()).incomplete, []);
  for (const [i, result] of results.entries()) {
    assert.ok('dir' in result, `builder ${i} ended without a folder: ${JSON.stringify(result)}`);
    assertComplete(result.files, `builder ${i}`);
  }
  // Waiters that find a stale lock at the same moment may each replace it and build: the
  // lock only saves work, so more than one rebuild is allowed; a partial folder is not.
  assert.ok(builds() >= 2, 'the dead one and at least one of the others built');
});

test('two builders without a lock between them: one publishes, the other drops its copy and uses it', async () => {
  // The first moves the lock away as it starts building (as if taken for stale), so the
  // second takes a lock of its own and builds too; the first waits until both build.
  const first = startBuilder({ dropLockAndAwaitBuilds: 2 });
  await release([first]);
  while (!existsSync(buildLog) || existsSync(`${published()}.lock`)) await new Promise((r) => setTimeout(r, 10));
  const second = startBuilder();
  const watcher = watch();
  await release([second]);
  const results = await Promise.all([first.result, second.result]);
  assert.deepEqual((await watcher.stop()).incomplete, []);
  for (const [i, result] of results.entries()) {
    assert.ok('dir' in result, `builder ${i} ended without a folder: ${JSON.stringify(result)}`);
    assert.equal(result.dir, published());
    assertComplete(result.files, `builder ${i}`);
  }
  assert.equal(builds(), 2, 'both built');
  const left = (await readdir(base())).filter((name) => !name.includes('.lock-taken-'));
  assert.deepEqual(left, [KEY], "the loser's staging copy is removed");
});

test('a folder without its ready mark (built in place by an earlier layout) is replaced, not used', async () => {
  await mkdir(published(), { recursive: true });
  await writeFile(join(published(), 'file-0'), 'half\n');
  const builder = startBuilder();
  await release([builder]);
  const result = await builder.result;
  assert.ok('dir' in result, JSON.stringify(result));
  assertComplete(result.files, 'the builder');
  assert.equal(builds(), 1);
});
