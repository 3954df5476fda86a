// Every error code raised in the code is listed in docs/errors.md, and every code the
// document lists still exists in the code (fastify keeps its error catalogue honest the
// same way).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '../..');
const SOURCE_DIRS = ['instrumentation/src', 'src', 'dashboards', 'alerts', 'scripts', 'test/services'];
const CODE = /KANSOKU_ERR_[A-Z0-9_]+/g;

/** Source files below dir, leaving out tests, generated output and node_modules. */
function sourceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names
    .filter((name) => /\.(ts|sh)$/.test(name) && !name.endsWith('.test.ts'))
    .filter((name) => !name.split(sep).some((part) => ['node_modules', 'generated', 'test'].includes(part)))
    .map((name) => join(dir, name));
}

function codesInCode(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(join(root, dir)))) {
    for (const match of readFileSync(file, 'utf8').matchAll(CODE)) {
      if (!found.has(match[0])) found.set(match[0], relative(root, file));
    }
  }
  return found;
}

function codesInDocs(): Set<string> {
  return new Set(readFileSync(join(root, 'docs/errors.md'), 'utf8').match(CODE) ?? []);
}

test('every error code in the code is documented in docs/errors.md', () => {
  const documented = codesInDocs();
  const missing = [...codesInCode()]
    .filter(([code]) => !documented.has(code))
    .map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(missing, [], 'add these codes to docs/errors.md');
});

test('docs/errors.md lists no code that the code no longer raises', () => {
  const inCode = codesInCode();
  const stale = [...codesInDocs()].filter((code) => !inCode.has(code));
  assert.deepEqual(stale, [], 'remove these codes from docs/errors.md, or mark them retired outside the code pattern');
});
