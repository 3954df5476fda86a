// Scenario: log lines per second written to a file through the library's logger
// (createObservability's obs.logger: ECS fields, base fields, the level formatter, the
// err formatter) against bare pino writing the same message to the same kind of
// destination (pino.destination, asynchronous, flushed at the end). Two more loggers
// say where the difference comes from:
//   ecs-pino   pino configured to write the same line as the library (ECS names, the same
//              base fields, the same @timestamp): what the longer ECS line costs by itself
//              (196 bytes a line against bare pino's 106);
//   traced     the library with tracing on (the trace-id mixin runs for every line; the
//              lines are written outside a call, so they carry no ids).
// Each run writes --lines lines with each logger into a fresh file, in an order that
// rotates from run to run. Lines per second are counted on the process's CPU time (user +
// system, which includes the threads writing the file) and on wall time; on a machine
// shared with other work, wall time mostly measures the neighbours. The figures are
// medians over runs of the per-run ratios. Target: the library at least 0.90 of bare pino.
//
//   npm run bench -- log-file [--runs 9] [--lines 200000]
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createObservability } from '@kansoku/instrumentation';
import pino from 'pino';
import { createEcsTimestamp } from '../instrumentation/src/logging/ecs-format.js';
import { memoryExporter } from '../instrumentation/test/helpers/memory-exporter.js';
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

async function ecsPino(run: number): Promise<Rate> {
  const dest = destination(`ecs-pino-${run}.log`);
  const logger = pino(
    {
      level: 'info',
      messageKey: 'message',
      base: {
        'service.name': 'bench',
        'ecs.version': '8.11.0',
        'process.pid': process.pid,
        'host.hostname': hostname(),
      },
      timestamp: createEcsTimestamp(),
      formatters: { level: (label) => ({ 'log.level': label }) },
    },
    dest,
  );
  const rate = await timed((i) => logger.info({ orderId: i, sku: 'A-1' }, 'order placed'), dest);
  dest.end();
  return rate;
}

function library(traced: boolean) {
  return async (run: number): Promise<Rate> => {
    const dest = destination(`kansoku-${traced}-${run}.log`);
    const obs = createObservability({
      serviceName: 'bench',
      env: {},
      tracing: traced ? { encodedExporter: memoryExporter(), scheduledDelayMs: 60_000 } : false,
      metrics: { port: false, runtimeMetrics: false },
      logging: { destination: dest as never, accessLog: false },
    });
    const rate = await timed((i) => obs.logger.info({ orderId: i, sku: 'A-1' }, 'order placed'), dest);
    await obs.shutdown();
    dest.end();
    return rate;
  };
}

const loggers = { bare, ecsPino, kansoku: library(false), traced: library(true) };
type Name = keyof typeof loggers;
const names = Object.keys(loggers) as Name[];

const startedAt = new Date();
// Warm each up once, unmeasured.
for (const name of names) await loggers[name](-1);
const samples: Record<Name, Rate>[] = [];
for (let run = 0; run < runs; run++) {
  const sample = {} as Record<Name, Rate>;
  for (let k = 0; k < names.length; k++) {
    const name = names[(run + k) % names.length] as Name;
    sample[name] = await loggers[name](run);
  }
  samples.push(sample);
}
rmSync(dir, { recursive: true, force: true });

const ratio = (a: Name, b: Name, on: keyof Rate) => median(samples.map((s) => s[a][on] / s[b][on]));
const med = (name: Name, on: keyof Rate) => fmt(median(samples.map((s) => s[name][on])), 0);
const label: Record<Name, string> = {
  bare: 'bare pino',
  ecsPino: 'pino writing the same ECS line',
  kansoku: 'kansoku obs.logger',
  traced: 'kansoku obs.logger, tracing on',
};
console.log(`\n${lines} lines per run, ${runs} runs (machine shared with other work)\n`);
console.log(
  '| logger | lines per CPU second (median) | lines per wall second (median) | of bare pino, CPU | of bare pino, wall |',
);
console.log('|---|---:|---:|---:|---:|');
for (const name of names)
  console.log(
    `| ${label[name]} | ${med(name, 'cpu')} | ${med(name, 'wall')} | ${fmt(ratio(name, 'bare', 'cpu'), 3)} | ${fmt(ratio(name, 'bare', 'wall'), 3)} |`,
  );
const headline = ratio('kansoku', 'bare', 'cpu');
console.log(
  `\nkansoku / pino writing the same line: ${fmt(ratio('kansoku', 'ecsPino', 'cpu'), 3)} on CPU time, ${fmt(ratio('kansoku', 'ecsPino', 'wall'), 3)} on wall time`,
);
printTargets([atLeast('kansoku logger at least 90% of bare pino to a file (CPU time)', headline, 0.9)]);
console.log(
  `results: ${writeResults('log-file', startedAt, { machine: machine(), lines, runs, samples, ratio: headline })}`,
);
