// Scenario: error records per CPU-second through the forwarder's core, on one core (one
// thread, no I/O in the measured loop; CPU time, so other load on the machine does not count).
//
//   baseline  reading the records (toRecord: the ECS fields out of parsed JSON), which
//             every variant pays first.
//   core      reading + detection + fingerprinting + grouping (window counts, alert
//             decision) in memory: the target, at least 50,000 records/s.
//   stored    the whole processor: the core plus event-id dedup, groups and outbox in
//             SQLite, one transaction per batch of 500 (what POST /ingest does).
//
// Records are pre-parsed objects, 2,000 distinct errors, half with a 10-frame stack.
// Variants alternate run by run; medians of the runs are reported, never asserted.
//
//   npm run bench -- forwarder-throughput [--runs 5] [--records 100000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/forwarder/config/load.js';
import { createForwarderMetrics } from '../src/forwarder/metrics.js';
import { createDetector } from '../src/forwarder/model/detect.js';
import { createFingerprinter } from '../src/forwarder/model/fingerprint.js';
import { type Group, markAlerted, newGroup, observe } from '../src/forwarder/model/group.js';
import { type LogRecord, toRecord } from '../src/forwarder/model/record.js';
import { createProcessor } from '../src/forwarder/processor.js';
import { SqliteStore } from '../src/forwarder/state/sqlite-store.js';
import { errorRecords } from './lib/error-records.js';
import { atLeast, fmt, machine, printTargets, writeResults } from './lib/report.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: { runs: { type: 'string', default: '5' }, records: { type: 'string', default: '100000' } },
});
const runs = Number(args.runs);
const count = Number(args.records);
const GROUPS = 2000;
const BATCH = 500;
const config = loadConfig({
  text: 'inputs: { http: { token: t } }\nsinks: { webhook: { url: "http://127.0.0.1:1/" } }',
  env: {},
});

const read = (raw: Record<string, unknown>) => (toRecord(raw) as { record: LogRecord }).record;

function baseline(raws: Record<string, unknown>[]): number {
  let n = 0;
  for (const raw of raws) n += read(raw).severity;
  return n;
}

function core(raws: Record<string, unknown>[]): number {
  const detect = createDetector(config.detection);
  const fingerprint = createFingerprinter();
  const groups = new Map<string, Group>();
  let alerts = 0;
  const now = Date.now();
  for (const raw of raws) {
    const record = read(raw);
    if (!detect(record)) continue;
    const fp = fingerprint(record);
    let group = groups.get(fp.id);
    const isNew = group === undefined;
    if (!group) {
      group = newGroup(record, fp, config.grouping, now);
      groups.set(fp.id, group);
    }
    const reason = observe(group, record, config.grouping, now, isNew);
    if (reason) {
      markAlerted(group, reason, now);
      alerts += 1;
    }
  }
  return alerts;
}

function stored(raws: Record<string, unknown>[], run: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-bench-'));
  const store = new SqliteStore(join(dir, 'state.db'));
  const metrics = createForwarderMetrics({ groups: () => 0, pending: () => 0, sinks: ['webhook'] });
  const processor = createProcessor({ config, store, metrics, sinks: ['webhook'], now: Date.now });
  let alerts = 0;
  try {
    for (let at = 0; at < raws.length; at += BATCH)
      alerts += processor.process(
        raws.slice(at, at + BATCH).map((raw) => ({ ...read(raw), id: `${run}-${at}-${raw['event.id']}` })),
        'http',
      ).alerts;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return alerts;
}

const raws = errorRecords(count, GROUPS);
const variants: Record<string, (run: number) => number> = {
  baseline: () => baseline(raws),
  core: () => core(raws),
  stored: (run) => stored(raws, run),
};
const samples: Record<string, number[]> = { baseline: [], core: [], stored: [] };
for (const name of Object.keys(variants)) variants[name]?.(-1); // warm-up: the JIT settles
for (let run = 0; run < runs; run++) {
  const order = Object.keys(variants);
  if (run % 2) order.reverse();
  for (const name of order) {
    // CPU time, not wall time: "on one core" whatever else the shared machine runs.
    const started = process.cpuUsage();
    variants[name]?.(run);
    const used = process.cpuUsage(started);
    samples[name]?.push(count / ((used.user + used.system) / 1e6));
  }
}

const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<string, number>;
console.log(
  `\n${count} records, ${GROUPS} distinct errors, ${runs} runs, median records per CPU-second (machine shared with other work)\n`,
);
console.log('| variant | records/s | vs baseline |');
console.log('|---|---|---|');
for (const name of ['baseline', 'core', 'stored'])
  console.log(`| ${name} | ${fmt(m[name] as number, 0)} | ${fmt((m[name] as number) / (m.baseline as number), 3)} |`);
printTargets([atLeast('core records/s >= 50,000', m.core as number, 50_000)]);
console.log(
  `results: ${writeResults('forwarder-throughput', new Date(), { machine: machine(), count, runs, samples })}`,
);
