// @kansoku/instrumentation is published on its own: it may import only its declared
// dependencies, and its compiled output must run under plain Node.js (no tsx, no
// kansoku-source condition), the way a service team would install it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const packageDir = join(root, 'instrumentation');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

test('instrumentation/src imports only its own files and its declared dependencies', () => {
  const allowed = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const builtins = new Set(builtinModules);
  const problems: string[] = [];
  for (const file of sources(join(packageDir, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\s*\()\s*'([^']+)'/g)) {
      const specifier = match[1] as string;
      const where = relative(root, file);
      if (specifier.startsWith('.')) {
        const target = resolve(file, '..', specifier);
        if (!target.startsWith(join(packageDir, 'src'))) problems.push(`${where}: ${specifier} leaves the package`);
      } else if (!specifier.startsWith('node:') && !builtins.has(specifier) && !allowed.has(packageName(specifier))) {
        problems.push(`${where}: ${specifier} is not a dependency or peer dependency`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the built package runs under plain Node.js, through import and through require', async () => {
  const outDir = await mkdtemp(join(packageDir, '.test-dist-'));
  try {
    // The package's own build script, into a folder of this test's.
    await run(process.execPath, ['--import', 'tsx', join(packageDir, 'scripts/build.ts'), '--out-dir', outDir]);
    const script = (load: string) => `
      const m = ${load};
      const obs = m.createObservability({ serviceName: 'packaging-test', metrics: { port: 0 } });
      obs.ready.then(async (address) => {
        const body = await (await fetch(address.metricsUrl)).text();
        await obs.shutdown();
        console.log(JSON.stringify({ port: address.metricsPort, buildInfo: body.includes('kansoku_build_info') }));
      });
    `;
    const loads = {
      import: `await import(${JSON.stringify(join(outDir, 'index.js'))})`,
      require: `require(${JSON.stringify(join(outDir, 'cjs/index.js'))})`,
    };
    for (const [how, load] of Object.entries(loads)) {
      // No --conditions and no tsx: exactly what a consumer's Node.js does.
      const inputType = how === 'import' ? '--input-type=module' : '--input-type=commonjs';
      const { stdout } = await run(process.execPath, [inputType, '-e', script(load)], { cwd: tmpdir() });
      const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { port: number; buildInfo: boolean };
      assert.ok(result.port > 0, `${how}: the metrics endpoint bound a port`);
      assert.equal(result.buildInfo, true, `${how}: /metrics serves kansoku_build_info`);
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});
