// A folder built once per key and shared: by the test files of one run (parallel
// processes) and by later runs while the key is the same. Folders of other keys that
// nothing used for a few hours are removed, so tmp does not fill up.
//
// A reader never sees a half-built folder: the folder is built in a private staging
// folder beside it and published with one rename, which fails when the key's folder
// already exists (the loser discards its copy and uses the winner's). A lock file only
// spares the others the duplicate work: whoever holds it builds while the rest wait; a
// lock whose owner process is gone (or that is older than any build takes) is taken
// over. Correctness never depends on the lock, only on the rename.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const READY = '.ready';
const LOCK_STALE_MS = 30 * 60_000;
const KEEP_MS = 3 * 60 * 60_000;
const POLL_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Moves `path` out of the way with one rename (so nobody sees it half-removed), then removes it. */
async function discard(base: string, path: string): Promise<void> {
  const trash = join(base, `.trash-${randomBytes(6).toString('hex')}`);
  try {
    await rename(path, trash);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  await rm(trash, { recursive: true, force: true });
}

interface Owner {
  pid: number;
  token: string;
}

async function readOwner(lock: string): Promise<Owner | undefined> {
  try {
    return JSON.parse(await readFile(lock, 'utf8')) as Owner;
  } catch {
    return undefined; // gone, or the empty lock folder of an earlier layout of this cache
  }
}

/** True when the lock's owner process is gone, or the lock is older than any build takes. */
async function lockIsStale(lock: string, owner: Owner | undefined): Promise<boolean> {
  if (owner && !alive(owner.pid)) return true;
  const since = await stat(lock).then(
    (s) => s.mtimeMs,
    () => Date.now(),
  );
  return Date.now() - since > LOCK_STALE_MS;
}

/**
 * Takes the lock (a file naming its owner, linked into place whole, so it is never seen
 * empty), or waits while a live owner holds it. Undefined when the folder got published
 * meanwhile.
 */
async function lockOrWait(base: string, lock: string, ready: string): Promise<Owner | undefined> {
  const mine: Owner = { pid: process.pid, token: randomBytes(8).toString('hex') };
  const draft = join(base, `.lock-draft-${mine.token}`);
  await writeFile(draft, JSON.stringify(mine));
  try {
    for (;;) {
      if (existsSync(ready)) return undefined;
      try {
        await link(draft, lock);
        return mine;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = await readOwner(lock);
      if (await lockIsStale(lock, owner)) {
        // Another waiter may have replaced the stale lock since it was read: then this
        // removes a live one, and two build. Harmless: publishing is by rename.
        await discard(base, lock);
      } else await sleep(POLL_MS);
    }
  } finally {
    await rm(draft, { force: true });
  }
}

async function unlock(lock: string, mine: Owner): Promise<void> {
  if ((await readOwner(lock))?.token === mine.token) await rm(lock, { force: true });
}

/** Builds into a private folder and renames it to `dir`, unless someone else published `dir` first. */
async function buildAndPublish(base: string, dir: string, build: (dir: string) => Promise<void>): Promise<void> {
  const staging = await mkdtemp(join(base, '.staging-'));
  try {
    await build(staging);
    await writeFile(join(staging, READY), '');
    try {
      await rename(staging, dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // Lost the race to a builder that published first: use its folder, drop ours.
      if (!existsSync(join(dir, READY))) throw new Error(`${dir} exists but was never completed`);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function pruneOld(base: string, keep: string): Promise<void> {
  for (const name of await readdir(base).catch(() => [] as string[])) {
    const dir = join(base, name);
    if (dir === keep) continue;
    const used = await stat(join(dir, READY)).catch(() => stat(dir).catch(() => undefined));
    if (used && Date.now() - used.mtimeMs > KEEP_MS) await discard(base, dir);
  }
}

/** `<tmp>/<group>/<key>`, made by `build` (into an empty folder) unless an earlier call made it. */
export async function cachedFolder(group: string, key: string, build: (dir: string) => Promise<void>): Promise<string> {
  const base = join(tmpdir(), group);
  const dir = join(base, key);
  const ready = join(dir, READY);
  const lock = `${dir}.lock`;
  await mkdir(base, { recursive: true });
  const mine = await lockOrWait(base, lock, ready);
  if (mine) {
    try {
      // A published folder holds READY from its first moment; one without it was left by
      // an earlier layout of this cache (which built in place): moved aside. (The folder is
      // looked at before READY, so a folder published in between is never taken for one.)
      if (existsSync(dir) && !existsSync(ready)) await discard(base, dir);
      if (!existsSync(ready)) await buildAndPublish(base, dir, build);
    } finally {
      await unlock(lock, mine);
    }
  }
  const now = new Date();
  await utimes(ready, now, now);
  await pruneOld(base, dir);
  return dir;
}
