// A process that calls cachedFolder for the cached-folder test, so that its builders race
// the way test files do: in separate processes. Its settings come as JSON in argv[2]. It
// says "ready" on stdout, waits for a line on stdin (so that all of them start at once),
// then prints what it got as one JSON line: the folder and the files in it, read back.
import { once } from 'node:events';
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cachedFolder } from './cached-folder.js';

export interface BuilderSettings {
  group: string;
  key: string;
  /** How many files a build writes, one at a time. */
  files: number;
  delayMs: number;
  /** Each build appends this process's pid to this file as it starts. */
  buildLog: string;
  /** Kill this process halfway through its build (a builder that dies). */
  dieMidBuild?: boolean;
  /**
   * Move the lock away as the build starts (as a process that took it for stale would), then
   * wait until the build log holds this many builds before writing: builds without a lock.
   */
  dropLockAndAwaitBuilds?: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as BuilderSettings;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function buildsStarted(): number {
  return existsSync(settings.buildLog) ? readFileSync(settings.buildLog, 'utf8').split('\n').filter(Boolean).length : 0;
}

async function build(dir: string): Promise<void> {
  appendFileSync(settings.buildLog, `${process.pid}\n`);
  if (settings.dropLockAndAwaitBuilds !== undefined) {
    const lock = join(dirname(dir), `${settings.key}.lock`);
    renameSync(lock, `${lock}-taken-${process.pid}`);
    while (buildsStarted() < settings.dropLockAndAwaitBuilds) await sleep(20);
  }
  for (let i = 0; i < settings.files; i++) {
    if (settings.dieMidBuild && i === Math.floor(settings.files / 2)) process.kill(process.pid, 'SIGKILL');
    await writeFile(join(dir, `file-${i}`), `content of file ${i}\n`);
    await sleep(settings.delayMs);
  }
}

process.stdout.write('ready\n');
process.stdin.setEncoding('utf8');
await once(process.stdin, 'data');
const dir = await cachedFolder(settings.group, settings.key, build);
const files = Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
process.stdout.write(`${JSON.stringify({ dir, files })}\n`);
process.stdin.destroy();
