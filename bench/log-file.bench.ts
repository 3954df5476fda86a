// Scenario: log lines per second written to a file through the library's logger
// (createObservability's obs.logger: ECS fields, base fields, the trace-id mixin, the
// level formatter) against bare pino writing the same message to the same kind of
// destination (pino.destination, asynchronous, flushed at the end). Each run writes
// --lines lines with each logger into a fresh file, alternating which goes first. Lines
// per second are counted on the process's CPU time (user + system, which includes the
// threads writing the file): on a machine shared with other work, wall time mostly
// measures the neighbours. The figure is the median over runs of the per-run ratio;
// wall-clock rates are printed beside it. Target: at least 0.90.
//
//   npm run bench -- log-file [--runs 9] [--lines 200000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createObservability } from '@kansoku/instrumentation';
import pino from 'pino';
import { atLeast, fmt, machine, printTargets, writeResults } from './lib/report.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: { runs: { type: 'string', default: '9' }, lines: { type: 'string', default: '200000' } },
});
const runs = Number(args.runs);
const lines = Number(args.lines);
const dir = mkdtempSync(join(tmpdir(), 'kansoku-bench-log-file-'));

type Destination = ReturnType<typeof pino.destination>;

function destination(name: string): Destination {
  return pino.destination({ dest: join(dir, name), sync: false, minLength: 4096 });
}

interface Rate {
  cpu: number;
  wall: number;
}

async function timed(write: (i: number) => void, dest: Destination): Promise<Rate> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < lines; i++) write(i);
  await new Promise<void>((resolve, reject) => dest.flush((err) => (err ? reject(err) : resolve())));
  dest.flushSync();
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { cpu: lines / ((used.user + used.system) / 1e6), wall: lines / wall };
}

async function bare(run: number): Promise<Rate> {
  const dest = destination(`bare-${run}.log`);
  const logger = pino({ level: 'info' }, dest);
  const rate = await timed((i) => logger.info({ orderId: i, sku: 'A-1' }, 'order placed'), dest);
  dest.end();
  return rate;
}

async function library(run: number): Promise<Rate> {
  const dest = destination(`kansoku-${run}.log`);
  const obs = createObservability({
    serviceName: 'bench',
    env: {},
    tracing: false,
    metrics: { port: false, runtimeMetrics: false },
    logging: { destination: dest as never, accessLog: false },
  });
  const rate = await timed((i) => obs.logger.info({ orderId: i, sku: 'A-1' }, 'order placed'), dest);
  await obs.shutdown();
  dest.end();
  return rate;
}

const startedAt = new Date();
// Warm both up once, unmeasured.
await bare(-1);
await library(-1);
const samples: { bare: Rate; kansoku: Rate; ratio: number; wallRatio: number }[] = [];
for (let run = 0; run < runs; run++) {
  let b: Rate;
  let k: Rate;
  if (run % 2 === 0) {
    b = await bare(run);
    k = await library(run);
  } else {
    k = await library(run);
    b = await bare(run);
  }
  samples.push({ bare: b, kansoku: k, ratio: k.cpu / b.cpu, wallRatio: k.wall / b.wall });
}
rmSync(dir, { recursive: true, force: true });

const ratio = median(samples.map((s) => s.ratio));
const wallRatio = median(samples.map((s) => s.wallRatio));
const med = (pick: (s: (typeof samples)[number]) => number) => fmt(median(samples.map(pick)), 0);
console.log(`\n${lines} lines per run, ${runs} runs (machine shared with other work)\n`);
console.log('| logger | lines per CPU second (median) | lines per wall second (median) |');
console.log('|---|---|---|');
console.log(`| bare pino | ${med((s) => s.bare.cpu)} | ${med((s) => s.bare.wall)} |`);
console.log(`| kansoku obs.logger | ${med((s) => s.kansoku.cpu)} | ${med((s) => s.kansoku.wall)} |`);
console.log(
  `\nkansoku / bare pino, median of per-run ratios: ${fmt(ratio, 3)} on CPU time, ${fmt(wallRatio, 3)} on wall time`,
);
printTargets([atLeast('kansoku logger at least 90% of bare pino to a file', ratio, 0.9)]);
console.log(
  `results: ${writeResults('log-file', startedAt, { machine: machine(), lines, runs, samples, ratio, wallRatio })}`,
);
