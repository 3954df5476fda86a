// `npm test`: every test file in the repository, then the check that the run left no
// service process behind. node:test prints each phase's own summary; the last line is
// the total of both, in the plain "N passed, N failed" form.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const TEST_ROOTS = ['test', 'instrumentation/test', 'dashboards/test', 'alerts/test'];
const LEAK_CHECK = 'test/leaks/no-leftover-processes.test.ts';
// Most test files spend their time waiting on services (Elasticsearch, Prometheus), not
// on the CPU, so run more files than there are cores. KANSOKU_TEST_CONCURRENCY overrides.
const concurrency = process.env.KANSOKU_TEST_CONCURRENCY ?? '3';

function findTests(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

interface Totals {
  pass: number;
  fail: number;
  skipped: number;
  todo: number;
  cancelled: number;
}

function runPhase(files: string[]): Promise<{ code: number; totals: Totals }> {
  return new Promise((resolve) => {
    const filter = process.argv.slice(2);
    const args = [
      '--conditions=kansoku-source',
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      ...filter.flatMap((pattern) => ['--test-name-pattern', pattern]),
      ...files,
    ];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      process.stdout.write(chunk);
      tail = (tail + chunk).slice(-4000);
    });
    child.on('exit', (code) => {
      const count = (name: string) => Number(new RegExp(`ℹ ${name} (\\d+)`).exec(tail)?.[1] ?? 0);
      resolve({
        code: code ?? 1,
        totals: {
          pass: count('pass'),
          fail: count('fail'),
          skipped: count('skipped'),
          todo: count('todo'),
          cancelled: count('cancelled'),
        },
      });
    });
  });
}

const all = TEST_ROOTS.flatMap((dir) => findTests(join(root, dir)))
  .map((file) => relative(root, file))
  .filter((file) => file !== LEAK_CHECK)
  .sort();
const only = process.env.KANSOKU_TEST_FILES?.split(',').filter(Boolean);
const files = only ?? all;

// A process registry of this run's own (test/services/registry.ts), so that a test run
// elsewhere on the machine cannot make the leak check pass or fail.
process.env.KANSOKU_PROCESS_REGISTRY ??= mkdtempSync(join(tmpdir(), 'kansoku-test-processes-'));

const main = await runPhase(files);
console.log('\n--- leak check: no service process outlives the tests ---');
const leaks = await runPhase([LEAK_CHECK]);

const failed = main.totals.fail + main.totals.cancelled + leaks.totals.fail + leaks.totals.cancelled;
const passed = main.totals.pass + leaks.totals.pass;
const skipped = main.totals.skipped + leaks.totals.skipped;
if (leaks.code === 0) rmSync(process.env.KANSOKU_PROCESS_REGISTRY, { recursive: true, force: true });
const ok = main.code === 0 && leaks.code === 0 && failed === 0;
console.log(`\nkansoku: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
