// A folder built once per key and shared: by the test files of one run (which run in
// parallel processes, hence the lock) and by later runs while the key is the same. Folders
// of other keys that nothing used for a few hours are removed, so tmp does not fill up.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK_STALE_MS = 10 * 60_000;
const KEEP_MS = 3 * 60 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function takeLock(lock: string, ready: string): Promise<boolean> {
  for (;;) {
    try {
      await mkdir(lock);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (existsSync(ready)) return false;
    const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true });
    await sleep(500);
  }
}

async function pruneOld(base: string, keep: string): Promise<void> {
  for (const name of await readdir(base).catch(() => [] as string[])) {
    const dir = join(base, name);
    if (dir === keep || name.endsWith('.lock') || existsSync(`${dir}.lock`)) continue;
    const used = await stat(join(dir, '.ready')).catch(() => stat(dir));
    if (Date.now() - used.mtimeMs > KEEP_MS) await rm(dir, { recursive: true, force: true });
  }
}

/** `<tmp>/<group>/<key>`, made by `build` (into an empty folder) unless an earlier call made it. */
export async function cachedFolder(group: string, key: string, build: (dir: string) => Promise<void>): Promise<string> {
  const base = join(tmpdir(), group);
  const dir = join(base, key);
  const ready = join(dir, '.ready');
  await mkdir(base, { recursive: true });
  if (!existsSync(ready) && (await takeLock(`${dir}.lock`, ready))) {
    try {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      await build(dir);
      await writeFile(ready, '');
    } finally {
      await rm(`${dir}.lock`, { recursive: true, force: true });
    }
  }
  if (!existsSync(ready)) throw new Error(`building ${dir} failed in another test file`);
  const now = new Date();
  await utimes(ready, now, now);
  await pruneOld(base, dir);
  return dir;
}
