// Scenario: log lines per second written to a file through the library's logger
// (createObservability's obs.logger: ECS fields, base fields, the trace-id mixin, the
// level formatter) against bare pino writing the same message to the same kind of
// destination (pino.destination, asynchronous, flushed at the end). Each run writes
// --lines lines with each logger into a fresh file, alternating which goes first; the
// figure is the median over runs of the per-run ratio. Target: at least 0.90.
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

async function timed(write: (i: number) => void, dest: Destination): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < lines; i++) write(i);
  await new Promise<void>((resolve, reject) => dest.flush((err) => (err ? reject(err) : resolve())));
  dest.flushSync();
  return lines / ((performance.now() - started) / 1000);
}

async function bare(run: number): Promise<number> {
  const dest = destination(`bare-${run}.log`);
  const logger = pino({ level: 'info' }, dest);
  const rate = await timed((i) => logger.info({ orderId: i, sku: 'A-1' }, 'order placed'), dest);
  dest.end();
  return rate;
}

async function library(run: number): Promise<number> {
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
const samples: { bare: number; kansoku: number; ratio: number }[] = [];
for (let run = 0; run < runs; run++) {
  const [a, b] =
    run % 2 === 0 ? [await bare(run), await library(run)] : (([k, b]) => [b, k])([await library(run), await bare(run)]);
  samples.push({ bare: a as number, kansoku: b as number, ratio: (b as number) / (a as number) });
}
rmSync(dir, { recursive: true, force: true });

const ratio = median(samples.map((s) => s.ratio));
console.log(`\n${lines} lines per run, ${runs} runs (machine shared with other work)\n`);
console.log('| logger | lines/s (median) |');
console.log('|---|---|');
console.log(`| bare pino | ${fmt(median(samples.map((s) => s.bare)), 0)} |`);
console.log(`| kansoku obs.logger | ${fmt(median(samples.map((s) => s.kansoku)), 0)} |`);
console.log(`\nkansoku / bare pino, median of per-run ratios: ${fmt(ratio, 3)}`);
printTargets([atLeast('kansoku logger at least 90% of bare pino to a file', ratio, 0.9)]);
console.log(`results: ${writeResults('log-file', startedAt, { machine: machine(), lines, runs, samples, ratio })}`);
