// The published build: one CommonJS implementation compiled from src/ (dist/cjs), and an
// ES module entry (dist/index.js) that only re-exports it. Both `import` and `require`
// therefore reach the same module instance: one copy of every class and function, so a
// service that loads the package both ways still has one registry and one tracer state.
//   node --import tsx scripts/build.ts [--out-dir <dir>]   (default: dist)
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const packageDir = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } } });
const outDir = resolve(packageDir, values['out-dir']);
const cjsDir = join(outDir, 'cjs');

rmSync(outDir, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json'), '--outDir', cjsDir], {
  stdio: 'inherit',
});
// The package is "type": "module"; this marks the compiled .js files under cjs/ as CommonJS.
writeFileSync(join(cjsDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
// Node.js finds the named exports of the CommonJS entry by static analysis, and TypeScript
// reads the same names from its declarations: nothing here repeats the list of exports.
const reexport = "export * from './cjs/index.js';\n";
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'index.js'), reexport);
writeFileSync(join(outDir, 'index.d.ts'), reexport);
