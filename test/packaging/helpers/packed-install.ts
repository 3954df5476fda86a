// The packed @kansoku/instrumentation, installed the way a service team installs it: `npm
// pack` (whose prepack runs the package's own build) and `npm install` of the tarball into a
// folder outside the repository, beside the fixture projects' own dependencies. Done once
// per distinct package content and dependency set, shared by the test files of a run (and
// by later runs while nothing changed) under a lock, from the npm cache when it holds them.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const packageDir = join(root, 'instrumentation');
const base = join(tmpdir(), 'kansoku-packed');
const LOCK_STALE_MS = 10 * 60_000;
const KEEP_MS = 3 * 60 * 60_000;

/** What the fixture projects need beside the package, at the exact versions the repository's lockfile installed. */
export const FIXTURE_DEPENDENCIES = [
  '@grpc/grpc-js',
  '@grpc/proto-loader',
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/microservices',
  '@types/node',
  'esbuild',
  'nice-grpc',
  'reflect-metadata',
  'rxjs',
  'typescript',
];

function installedVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

function contentKey(dependencies: Record<string, string>): string {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(packageDir, 'src')),
    ...files(join(packageDir, 'scripts')),
    join(packageDir, 'package.json'),
    join(packageDir, 'tsconfig.build.json'),
    join(root, 'tsconfig.base.json'),
  ];
  for (const file of inputs) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  hash.update(JSON.stringify(dependencies));
  return hash.digest('hex').slice(0, 16);
}

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

/** Removes installs of earlier package contents that nothing has used for a while. */
async function pruneOld(keep: string): Promise<void> {
  for (const name of await readdir(base).catch(() => [] as string[])) {
    const dir = join(base, name);
    if (dir === keep || name.endsWith('.lock') || existsSync(`${dir}.lock`)) continue;
    const used = await stat(join(dir, '.ready')).catch(() => stat(dir));
    if (Date.now() - used.mtimeMs > KEEP_MS) await rm(dir, { recursive: true, force: true });
  }
}

/** The folder whose node_modules holds the packed package and FIXTURE_DEPENDENCIES. */
export async function packedInstall(): Promise<string> {
  const dependencies = Object.fromEntries(
    [...FIXTURE_DEPENDENCIES].sort().map((name) => [name, installedVersion(name)]),
  );
  const dir = join(base, contentKey(dependencies));
  const ready = join(dir, '.ready');
  await mkdir(base, { recursive: true });
  if (!existsSync(ready) && (await takeLock(`${dir}.lock`, ready))) {
    try {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], {
        cwd: packageDir,
        maxBuffer: 64 * 1024 * 1024,
      });
      const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [{ filename: string }];
      const manifest = {
        name: 'kansoku-fixture-projects',
        private: true,
        dependencies: { '@kansoku/instrumentation': `file:./${filename}`, ...dependencies },
      };
      await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
        cwd: dir,
        maxBuffer: 64 * 1024 * 1024,
      });
      await writeFile(ready, '');
    } finally {
      await rm(`${dir}.lock`, { recursive: true, force: true });
    }
  }
  if (!existsSync(ready)) throw new Error(`installing the packed package into ${dir} failed in another test file`);
  const now = new Date();
  await utimes(ready, now, now);
  await pruneOld(dir);
  return dir;
}
