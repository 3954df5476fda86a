// Imports run one way (docs/architecture in DESIGN.md): the library at the bottom; duration
// parsing, the error type and the PromQL checker; the user's configuration; the catalogue of
// names; dashboards and alerts beside each other; the CLI, the demo and everything else
// in src/ on top. Shipped code never imports test/, scripts/ or bench/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '../..');

/** The folders below the top, and the folders each may import (besides itself and @kansoku/instrumentation). */
const BELOW_THE_TOP: Record<string, readonly string[]> = {
  'instrumentation/src': [],
  'src/duration': [],
  'src/errors': [],
  'src/promql': ['src/errors'],
  'src/config': ['src/duration', 'src/errors', 'src/promql'],
  'src/catalog': ['src/config', 'src/duration', 'src/errors', 'src/promql'],
  'alerts/src': ['src/catalog', 'src/config', 'src/duration', 'src/errors', 'src/promql'],
  'dashboards/src': ['src/catalog', 'src/config', 'src/duration', 'src/errors', 'src/promql'],
};
/** Shipped code: what the packages carry. Anything in src/ not listed above is on top. */
const SHIPPED = ['instrumentation/src', 'src', 'alerts/src', 'dashboards/src'];
/** Never imported by shipped code. */
const NOT_SHIPPED = ['test', 'scripts', 'bench', 'instrumentation/test', 'instrumentation/scripts', 'examples'];

/** The unit a repository path belongs to: a folder of BELOW_THE_TOP, `src/<folder>`, or its first folder. */
export function unitOf(path: string): string {
  const below = Object.keys(BELOW_THE_TOP).find((u) => path === u || path.startsWith(`${u}/`));
  if (below) return below;
  const parts = path.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : 'src';
  if (parts[0] === 'instrumentation' || parts[0] === 'alerts' || parts[0] === 'dashboards')
    return parts.slice(0, 2).join('/');
  return parts[0] ?? path;
}

/** The problem with `from` importing `specifier`, or undefined when the import runs the right way. */
export function importProblem(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(root, resolve(root, dirname(from), specifier));
  const source = unitOf(from);
  const dest = unitOf(target);
  if (source === dest) return undefined;
  const shipped = SHIPPED.some((s) => from.startsWith(`${s}/`));
  if (shipped && NOT_SHIPPED.some((n) => target === n || target.startsWith(`${n}/`))) {
    return `${from}: imports ${target}, which is not shipped (${dest})`;
  }
  const allowed = BELOW_THE_TOP[source];
  if (allowed && !allowed.includes(dest)) {
    return `${from}: ${source} may import only ${allowed.join(', ') || 'itself'}, not ${target}`;
  }
  return undefined;
}

function sources(dir: string): string[] {
  try {
    return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts') && !name.includes('node_modules'))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)'([^']+)'/g;

test('every import in shipped code runs down the layers', () => {
  const problems: string[] = [];
  let imports = 0;
  for (const file of SHIPPED.flatMap(sources)) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      imports += 1;
      const problem = importProblem(file, match[1] as string);
      if (problem) problems.push(problem);
    }
  }
  assert.ok(imports > 100, `found only ${imports} imports: the scan is broken`);
  assert.deepEqual([...new Set(problems)], []);
});

test('the check catches each kind of wrong-way import', () => {
  assert.match(importProblem('alerts/src/slo.ts', '../../src/demo/slos.js') ?? '', /may import only/);
  assert.match(importProblem('dashboards/src/grpc/scope.ts', '../../../alerts/src/x.js') ?? '', /may import only/);
  assert.match(importProblem('src/cli/demo-command.ts', '../../test/services/jaeger.js') ?? '', /not shipped/);
  assert.match(importProblem('alerts/src/render.ts', '../../scripts/generated-files.js') ?? '', /not shipped/);
  assert.match(importProblem('src/config/x.ts', '../catalog/index.js') ?? '', /may import only/);
  assert.equal(importProblem('src/cli/generate-command.ts', '../../alerts/src/build.js'), undefined);
  assert.equal(importProblem('alerts/src/build.ts', '../../src/catalog/catalogue.js'), undefined);
  assert.equal(importProblem('alerts/src/groups/slo.ts', '../rule.js'), undefined);
});
