// The library's call-path tests on the oldest @grpc/grpc-js the peer range of
// @kansoku/instrumentation allows (the newest, the repository's own devDependency, runs
// them in every `npm test`). The same test files run with @grpc/grpc-js resolved from a
// folder holding that version (use-grpc-js.mjs), installed from the npm cache where it can.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { cachedFolder } from '../packaging/helpers/cached-folder.js';
import { installedVersion, npmInstall } from '../packaging/helpers/packed-install.js';
import { CALL_PATH_TESTS, runCallPathTests } from './call-path.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'instrumentation/package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
};
const range = manifest.peerDependencies['@grpc/grpc-js'] as string;
const useGrpcJs = join(import.meta.dirname, 'use-grpc-js.mjs');

/** The lowest version a caret range allows: ^1.11.0 → 1.11.0. */
function oldestAllowed(caret: string): string {
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(caret);
  if (!match?.[1]) throw new Error(`the @grpc/grpc-js peer range ${caret} is not a ^x.y.z range this test understands`);
  return match[1];
}

/** -1, 0 or 1 as x.y.z version a is lower than, equal to or higher than b. */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number)) as [number[], number[]];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number) ? -1 : 1;
  return 0;
}

test('the newest @grpc/grpc-js, the one every npm test uses, is inside the peer range', () => {
  const newest = installedVersion('@grpc/grpc-js');
  const oldest = oldestAllowed(range);
  assert.equal(newest.split('.')[0], oldest.split('.')[0], `${newest} is outside ${range}`);
  assert.ok(compareVersions(newest, oldest) >= 0, `${newest} is outside ${range}`);
});

test(`the call-path tests pass on the oldest @grpc/grpc-js the peer range ${range} allows`, async () => {
  const oldest = oldestAllowed(range);
  const dir = await cachedFolder('kansoku-grpc-js', oldest, async (folder) => {
    const pkg = { name: 'kansoku-grpc-js-oldest', private: true, dependencies: { '@grpc/grpc-js': oldest } };
    await writeFile(join(folder, 'package.json'), JSON.stringify(pkg));
    await npmInstall(folder);
  });
  const env = { KANSOKU_GRPC_JS_DIR: dir };
  // The redirection itself: the version the tests will load is the oldest one.
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      useGrpcJs,
      '--input-type=module',
      '-e',
      "console.log((await import('@grpc/grpc-js/package.json', { with: { type: 'json' } })).default.version)",
    ],
    { cwd: root, env: { ...process.env, ...env } },
  );
  assert.equal(stdout.trim(), oldest);
  const result = await runCallPathTests(process.execPath, [useGrpcJs], env);
  assert.equal(result.fail, 0, result.tail);
  assert.equal(result.code, 0, result.tail);
  assert.ok(result.pass >= CALL_PATH_TESTS.length, result.tail);
});
