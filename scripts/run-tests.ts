// `npm test`: every test file in the repository, then the check that the run left no
// service process behind. node:test prints each phase's own summary; the last line is
// the total of both, in the plain "N passed, N failed" form.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type ElasticsearchPool, POOL_ENV, startElasticsearchPool } from '../test/services/elasticsearch-pool.js';
import { cacheDir } from '../test/services/paths.js';
import { longestFirst, rememberTimes } from './test-order.js';

const root = join(import.meta.dirname, '..');
const TEST_ROOTS = ['test', 'instrumentation/test', 'dashboards/test', 'alerts/test'];
const LEAK_CHECK = 'test/leaks/no-leftover-processes.test.ts';
const PHASE = join(root, 'scripts/test-phase.ts');
const SLOWEST_SHOWN = 10;
// The last run's file times on this machine, for the order of the next, and the committed
// ones for a machine's first run (scripts/test-order.ts).
const TIMES_FILE = join(cacheDir, 'test-file-times.json');
const SEED_TIMES_FILE = join(root, 'scripts/test-file-times.json');
// Most test files spend their time waiting on services (Elasticsearch, Prometheus), not
// on the CPU, so run more files than there are cores. KANSOKU_TEST_CONCURRENCY overrides.
const concurrency = process.env.KANSOKU_TEST_CONCURRENCY ?? '3';
// Elasticsearch nodes shared by the files, one file at a time (test/services/elasticsearch-pool.ts):
// two cover the Elasticsearch files that run at the same time at 3 files at once.
// KANSOKU_ELASTICSEARCH_POOL_SIZE overrides (0: every file starts its own node, as before).
const poolSize = Number(process.env.KANSOKU_ELASTICSEARCH_POOL_SIZE ?? '2');
// The files that may lease a pooled node: no pool is started for a run without one.
const POOL_USER = /elasticsearchForFile\(|elasticsearchNode\(|logIndexSuite\(/;

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

function runPhase(files: string[], timesFile: string): Promise<{ code: number; totals: Totals }> {
  return new Promise((resolve) => {
    const filter = process.argv.slice(2);
    const args = [
      '--conditions=kansoku-source',
      '--import',
      'tsx',
      PHASE,
      `--concurrency=${concurrency}`,
      `--times=${timesFile}`,
      ...filter.map((pattern) => `--pattern=${pattern}`),
      '--',
      ...files,
    ];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    // node:test prints its totals ("ℹ pass 12") after the results but before the details of
    // the failures, which can be long: read them line by line, never from a tail of the output.
    const totals: Totals = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const total = /^ℹ (pass|fail|skipped|todo|cancelled) (\d+)$/.exec(line);
        if (total) totals[total[1] as keyof Totals] = Number(total[2]);
      }
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, totals }));
  });
}

const all = TEST_ROOTS.flatMap((dir) => findTests(join(root, dir)))
  .map((file) => relative(root, file))
  .filter((file) => file !== LEAK_CHECK)
  .sort();
const only = process.env.KANSOKU_TEST_FILES?.split(',').filter(Boolean);
const files = longestFirst(only ?? all, TIMES_FILE, SEED_TIMES_FILE);

// A process registry of this run's own (test/services/registry.ts), so that a test run
// elsewhere on the machine cannot make the leak check pass or fail.
process.env.KANSOKU_PROCESS_REGISTRY ??= mkdtempSync(join(tmpdir(), 'kansoku-test-processes-'));

/** Each file's wall time in a phase (relative path → ms), from the lines test-phase.ts wrote. */
function fileTimes(timesFile: string): Map<string, number> {
  const lines = readFileSync(timesFile, 'utf8').split('\n').filter(Boolean);
  return new Map(
    lines.map((line) => {
      const { file, ms } = JSON.parse(line) as { file: string; ms: number };
      return [relative(root, file), ms];
    }),
  );
}

/** The slowest files of a phase. */
function slowestFiles(times: Map<string, number>): string {
  const rows = [...times]
    .sort((a, b) => b[1] - a[1])
    .slice(0, SLOWEST_SHOWN)
    .map(([file, ms]) => `${(ms / 1000).toFixed(1).padStart(7)} s  ${file}`);
  return [
    `--- slowest ${rows.length} of ${times.size} test files (wall time, ${concurrency} at once) ---`,
    ...rows,
  ].join('\n');
}

/** The run's pool, if any file may use it: started in the background (a file that leases a node still starting waits for it). */
function startPool(): ElasticsearchPool | undefined {
  const users = files.filter((file) => POOL_USER.test(readFileSync(join(root, file), 'utf8')));
  if (poolSize <= 0 || users.length === 0) return undefined;
  const pool = startElasticsearchPool(Math.min(poolSize, users.length));
  process.env[POOL_ENV] = pool.dir;
  return pool;
}

const timesDir = mkdtempSync(join(tmpdir(), 'kansoku-test-times-'));
const phaseStarted = Date.now();
const pool = startPool();
const main = await runPhase(files, join(timesDir, 'main.jsonl'));
const mainSeconds = (Date.now() - phaseStarted) / 1000;
// Before the leak check, which must find every pooled node stopped like any other process.
for (const line of (await pool?.stop()) ?? []) console.log(`elasticsearch pool: ${line}`);
console.log('\n--- leak check: no service process outlives the tests ---');
const leaks = await runPhase([LEAK_CHECK], join(timesDir, 'leaks.jsonl'));
const mainTimes = fileTimes(join(timesDir, 'main.jsonl'));
rememberTimes(mainTimes, TIMES_FILE, all);
console.log(`\n${slowestFiles(mainTimes)}`);
console.log(`test files: ${mainSeconds.toFixed(0)} s in all`);
rmSync(timesDir, { recursive: true, force: true });

const counted = main.totals.fail + main.totals.cancelled + leaks.totals.fail + leaks.totals.cancelled;
const passed = main.totals.pass + leaks.totals.pass;
const skipped = main.totals.skipped + leaks.totals.skipped;
if (leaks.code === 0) rmSync(process.env.KANSOKU_PROCESS_REGISTRY, { recursive: true, force: true });
const ok = main.code === 0 && leaks.code === 0 && counted === 0;
// A phase that failed without a failed test (a file that did not load) still counts as one.
const failed = ok ? 0 : Math.max(counted, 1);
console.log(`\nkansoku: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
