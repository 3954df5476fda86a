// The packed @kansoku/instrumentation, installed the way a service team installs it: `npm
// pack` (whose prepack runs the package's own build) and `npm install` of the tarball into a
// folder outside the repository, beside the fixture projects' own dependencies. Done once
// per distinct package content and dependency set (cachedFolder), from the npm cache when
// it holds them.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { cachedFolder } from './cached-folder.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const packageDir = join(root, 'instrumentation');

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

/** The version of `name` in the repository's node_modules. */
export function installedVersion(name: string): string {
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

/** `npm install` in `dir`, from the npm cache where it can. */
export async function npmInstall(dir: string): Promise<void> {
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The folder whose node_modules holds the packed package and FIXTURE_DEPENDENCIES. */
export function packedInstall(): Promise<string> {
  const dependencies = Object.fromEntries(FIXTURE_DEPENDENCIES.map((name) => [name, installedVersion(name)]));
  return cachedFolder('kansoku-packed', contentKey(dependencies), async (dir) => {
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
    await npmInstall(dir);
  });
}
