// Scenario: resident memory of the forwarder's processor after 100,000 distinct error
// fingerprints (target: at most 256 MB), each group created, persisted and alerted (an
// outbox row per sink). Groups beyond grouping.maxGroupsInMemory live only in SQLite.
//
//   baseline  the same process after loading the forwarder and opening its state, before
//             any record: what the runtime, the modules and SQLite cost by themselves.
//   bounded   after the records, with the default maxGroupsInMemory (20,000).
//   unbounded after the records with every group kept in memory, to show what the bound saves.
//
// Each variant runs in a fresh child process (memory does not go back to the OS within one).
//
//   npm run bench -- forwarder-memory [--fingerprints 100000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/forwarder/config/load.js';
import { createForwarderMetrics } from '../src/forwarder/metrics.js';
import { type LogRecord, toRecord } from '../src/forwarder/model/record.js';
import { createProcessor } from '../src/forwarder/processor.js';
import { SqliteStore } from '../src/forwarder/state/sqlite-store.js';
import { fmt, machine, printTargets, writeResults } from './lib/report.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: { fingerprints: { type: 'string', default: '100000' }, child: { type: 'string' } },
});
const count = Number(args.fingerprints);
const MB = 1024 * 1024;

// Letters only, so message normalization keeps every fingerprint distinct.
const word = (i: number) => {
  let out = '';
  for (let n = i; n > 0 || out === ''; n = Math.floor(n / 26)) out += String.fromCharCode(97 + (n % 26));
  return out;
};

function child(variant: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-bench-'));
  const maxGroups = variant === 'unbounded' ? 10_000_000 : 20_000;
  const config = loadConfig({
    text: `inputs: { http: { token: t } }\ngrouping: { maxGroupsInMemory: ${maxGroups} }\nsinks: { webhook: { url: "http://127.0.0.1:1/" }, alertmanager: { url: "http://127.0.0.1:2/" } }`,
    env: {},
  });
  const store = new SqliteStore(join(dir, 'state.db'));
  const sinks = ['webhook', 'alertmanager'] as const;
  const metrics = createForwarderMetrics({ groups: () => 0, pending: () => 0, sinks });
  const processor = createProcessor({ config, store, metrics, sinks, now: Date.now });
  let peak = process.memoryUsage().rss;
  if (variant !== 'baseline') {
    const at = Date.now();
    for (let start = 0; start < count; start += 1000) {
      const batch: LogRecord[] = [];
      for (let i = start; i < Math.min(count, start + 1000); i++)
        batch.push(
          (
            toRecord({
              '@timestamp': new Date(at + i).toISOString(),
              'log.level': 'error',
              'service.name': `svc-${i % 50}`,
              message: `failure in step ${word(i)} of the ${word(i * 7 + 3)} pipeline`,
              'event.id': `e${i}`,
            }) as { record: LogRecord }
          ).record,
        );
      processor.process(batch, 'http');
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    if (store.countGroups() !== count) throw new Error(`expected ${count} groups, found ${store.countGroups()}`);
  }
  const usage = process.memoryUsage();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ rss: usage.rss, peak, heapUsed: usage.heapUsed }));
}

if (args.child) child(args.child);
else {
  const results: Record<string, { rss: number; peak: number; heapUsed: number }> = {};
  for (const variant of ['baseline', 'bounded', 'unbounded']) {
    const run = spawnSync(
      process.execPath,
      [...process.execArgv, import.meta.filename, '--child', variant, '--fingerprints', String(count)],
      {
        encoding: 'utf8',
      },
    );
    if (run.status !== 0) throw new Error(`${variant}: ${run.stderr}`);
    results[variant] = JSON.parse(run.stdout);
  }
  console.log(
    `\n${count} distinct fingerprints through the processor (SQLite, two sinks); machine shared with other work\n`,
  );
  console.log('| variant | peak RSS MB | RSS at end MB | heap used MB | peak vs baseline |');
  console.log('|---|---|---|---|---|');
  const base = results.baseline?.peak as number;
  for (const [name, r] of Object.entries(results))
    console.log(
      `| ${name} | ${fmt(r.peak / MB, 0)} | ${fmt(r.rss / MB, 0)} | ${fmt(r.heapUsed / MB, 0)} | ${fmt(r.peak / base, 2)} |`,
    );
  const peak = (results.bounded?.peak as number) / MB;
  printTargets([{ target: 'bounded peak RSS <= 256 MB', figure: peak, met: peak <= 256 }]);
  console.log(`results: ${writeResults('forwarder-memory', new Date(), { machine: machine(), count, results })}`);
}
