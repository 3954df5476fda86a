// Scenario: log lines per second into a real Elasticsearch, and memory while it is down.
//
//   pino-elasticsearch  pino writing N ECS lines (the library's field names) into
//                       pino-elasticsearch with exactly the options the library gives it
//                       (pinoElasticsearchOptions: opType create, flushBytes, flushInterval),
//                       --batch lines per event-loop turn, timed from the first line until
//                       its bulk helper has indexed every line and refreshed the index.
//   baseline            the official client's bulk helper alone (client.helpers.bulk) with
//                       the same settings as pino-elasticsearch hands it (flushBytes,
//                       flushInterval, concurrency 5, refreshOnCompletion on the index, a new
//                       Client per run as pino-elasticsearch makes one), fed the same N
//                       documents built in the same batches inside the timed window (already
//                       objects: no JSON line to write or parse).
//   outage              the library's logger with logging.elasticsearch pointed at the
//                       same Elasticsearch, paused: lines are written at --rate for
//                       --outage seconds while the heap and RSS are sampled; the lines not
//                       shipped are counted (kansoku_logs_dropped_total).
//
// Both count wall time and CPU: this process's (process.cpuUsage, every thread) and
// Elasticsearch's (its process tree, from /proc) over the same window. Runs alternate which
// goes first, each into a fresh index, after one unmeasured warm-up of each; the figures
// are medians over runs of the per-run ratios. Target: pino-elasticsearch at least 0.90 of
// the bulk helper (lines per wall second). Memory: stated, not a target.
//
//   npm run bench -- log-shipping [--runs 6] [--lines 100000] [--batch 500] [--flush-bytes N]
//                                 [--outage 20] [--rate 5000] [--skip-outage]
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { createObservability, METRICS } from '@kansoku/instrumentation';
import pino from 'pino';
import {
  pinoElasticsearchOptions,
  SHIPPING_FLUSH_BYTES,
} from '../instrumentation/src/logging/elasticsearch-shipping.js';
import { startElasticsearch } from '../test/services/elasticsearch.js';
import { processTreeCpuSeconds } from './lib/process-tree-cpu.js';
import { atLeast, fmt, machine, printTargets, writeResults } from './lib/report.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    runs: { type: 'string', default: '6' },
    lines: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    'flush-bytes': { type: 'string' },
    outage: { type: 'string', default: '20' },
    rate: { type: 'string', default: '5000' },
    'skip-outage': { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const lines = Number(args.lines);
const batch = Number(args.batch);
const FLUSH_INTERVAL_MS = 1000;
// What the bulk helper inside pino-elasticsearch runs with (pino-elasticsearch sets no concurrency).
const CONCURRENCY = 5;
// A CommonJS module whose typings declare a default export it does not have.
const pinoElasticsearch = createRequire(import.meta.url)('pino-elasticsearch') as (
  options: Record<string, unknown>,
) => Writable;

const es = await startElasticsearch(undefined, { fullJit: true });
const admin = new Client({ node: es.url });

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const BASE = {
  'service.name': 'bench',
  'ecs.version': '8.11.0',
  'process.pid': process.pid,
  'host.hostname': 'bench-host',
};

function shippingOptions(index: string): Record<string, unknown> {
  const options = pinoElasticsearchOptions({ node: es.url, index, flushIntervalMs: FLUSH_INTERVAL_MS });
  if (args['flush-bytes'] !== undefined) options.flushBytes = Number(args['flush-bytes']);
  return options;
}

interface Sample {
  wallSeconds: number;
  nodeCpuSeconds: number;
  esCpuSeconds: number;
}

async function measured(index: string, run: () => Promise<number>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const esCpu = processTreeCpuSeconds(es.process.pid);
  const started = performance.now();
  const indexed = await run();
  const wallSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const esCpuSeconds = processTreeCpuSeconds(es.process.pid) - esCpu;
  if (indexed !== lines) throw new Error(`${index}: indexed ${indexed} of ${lines}`);
  const { count } = await admin.count({ index });
  if (count !== lines) throw new Error(`${index}: ${count} documents searchable, ${lines} sent`);
  return { wallSeconds, nodeCpuSeconds: (used.user + used.system) / 1e6, esCpuSeconds };
}

function viaPinoElasticsearch(index: string): Promise<Sample> {
  return measured(index, async () => {
    const stream = pinoElasticsearch(shippingOptions(index));
    const done = new Promise<{ successful: number }>((resolve, reject) => {
      stream.on('insert', resolve);
      stream.on('error', reject);
    });
    const logger = pino(
      {
        base: BASE,
        messageKey: 'message',
        timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
        formatters: { level: (label) => ({ 'log.level': label }) },
      },
      stream,
    );
    for (let i = 0; i < lines; ) {
      for (const end = Math.min(lines, i + batch); i < end; i++)
        logger.info({ 'trace.id': TRACE_ID, orderId: i, sku: 'A-1' }, 'order placed');
      await nextTurn();
    }
    stream.end();
    return (await done).successful;
  });
}

function viaBulkHelper(index: string): Promise<Sample> {
  return measured(index, async () => {
    const client = new Client({ node: es.url });
    async function* documents() {
      for (let i = 0; i < lines; ) {
        for (const end = Math.min(lines, i + batch); i < end; i++)
          yield {
            'log.level': 'info',
            '@timestamp': new Date().toISOString(),
            ...BASE,
            'trace.id': TRACE_ID,
            orderId: i,
            sku: 'A-1',
            message: 'order placed',
          };
        await nextTurn();
      }
    }
    try {
      const stats = await client.helpers.bulk({
        datasource: documents(),
        onDocument: () => ({ create: { _index: index } }),
        flushBytes: Number(shippingOptions(index).flushBytes),
        flushInterval: FLUSH_INTERVAL_MS,
        concurrency: CONCURRENCY,
        refreshOnCompletion: index,
      });
      return stats.successful;
    } finally {
      await client.close();
    }
  });
}

async function outage(): Promise<{ heapGrowthMiB: number; rssGrowthMiB: number; written: number; dropped: number }> {
  const obs = createObservability({
    serviceName: 'bench',
    env: {},
    tracing: false,
    metrics: { port: false, runtimeMetrics: false },
    logging: {
      destination: new Writable({ write: (_c, _e, cb) => cb() }) as never,
      accessLog: false,
      elasticsearch: { node: es.url, index: 'bench-outage', flushIntervalMs: FLUSH_INTERVAL_MS },
    },
  });
  await es.pause();
  global.gc?.();
  const before = process.memoryUsage();
  let heapMax = before.heapUsed;
  let rssMax = before.rss;
  const rate = Number(args.rate);
  const seconds = Number(args.outage);
  let written = 0;
  for (let s = 0; s < seconds * 10; s++) {
    for (let i = 0; i < rate / 10; i++)
      obs.logger.info({ orderId: written++, sku: 'A-1' }, 'order placed while Elasticsearch is down');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const m = process.memoryUsage();
    heapMax = Math.max(heapMax, m.heapUsed);
    rssMax = Math.max(rssMax, m.rss);
  }
  const dropped =
    (await obs.registry.getSingleMetric(METRICS.logsDropped.name)?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0;
  await obs.shutdown();
  await es.resume();
  return {
    heapGrowthMiB: (heapMax - before.heapUsed) / 2 ** 20,
    rssGrowthMiB: (rssMax - before.rss) / 2 ** 20,
    written,
    dropped,
  };
}

const startedAt = new Date();
try {
  await viaBulkHelper('bench-warmup-a');
  await viaPinoElasticsearch('bench-warmup-b');
  await admin.indices.delete({ index: 'bench-warmup-a,bench-warmup-b' });
  const samples: { helper: Sample; pino: Sample; wallRatio: number; nodeCpuRatio: number; esCpuRatio: number }[] = [];
  for (let run = 0; run < runs; run++) {
    let helper: Sample;
    let viaPino: Sample;
    if (run % 2 === 0) {
      helper = await viaBulkHelper(`bench-helper-${run}`);
      viaPino = await viaPinoElasticsearch(`bench-pino-${run}`);
    } else {
      viaPino = await viaPinoElasticsearch(`bench-pino-${run}`);
      helper = await viaBulkHelper(`bench-helper-${run}`);
    }
    samples.push({
      helper,
      pino: viaPino,
      // Above 1 is better for pino-elasticsearch: lines per wall second, pino over helper.
      wallRatio: helper.wallSeconds / viaPino.wallSeconds,
      // CPU per line, pino over helper: above 1 means pino-elasticsearch spends more.
      nodeCpuRatio: viaPino.nodeCpuSeconds / helper.nodeCpuSeconds,
      esCpuRatio: viaPino.esCpuSeconds / helper.esCpuSeconds,
    });
    await admin.indices.delete({ index: `bench-helper-${run},bench-pino-${run}` });
  }
  const down = args['skip-outage'] ? undefined : await outage();
  const ratio = median(samples.map((s) => s.wallRatio));
  const med = (pick: (s: (typeof samples)[number]) => number, digits: number) => fmt(median(samples.map(pick)), digits);
  const flushBytes = args['flush-bytes'] ?? String(SHIPPING_FLUSH_BYTES);
  console.log(
    `\n${lines} lines per run in batches of ${batch}, ${runs} runs, flushBytes ${flushBytes}, concurrency ${CONCURRENCY}, Elasticsearch ${es.version} on the same machine (shared with other work)\n`,
  );
  console.log('| path | lines per wall second | Node CPU µs per line | Elasticsearch CPU µs per line |');
  console.log('|---|---:|---:|---:|');
  const perLine = (seconds: number) => (seconds / lines) * 1e6;
  console.log(
    `| client.helpers.bulk alone | ${med((s) => lines / s.helper.wallSeconds, 0)} | ${med((s) => perLine(s.helper.nodeCpuSeconds), 1)} | ${med((s) => perLine(s.helper.esCpuSeconds), 1)} |`,
  );
  console.log(
    `| pino → pino-elasticsearch | ${med((s) => lines / s.pino.wallSeconds, 0)} | ${med((s) => perLine(s.pino.nodeCpuSeconds), 1)} | ${med((s) => perLine(s.pino.esCpuSeconds), 1)} |`,
  );
  console.log(
    `\npino-elasticsearch / bulk helper, medians of per-run ratios: lines per wall second ${fmt(ratio, 3)}; Node CPU per line ${med((s) => s.nodeCpuRatio, 3)}×; Elasticsearch CPU per line ${med((s) => s.esCpuRatio, 3)}×`,
  );
  console.log(`per-run wall ratios: ${samples.map((s) => fmt(s.wallRatio, 3)).join(', ')}`);
  if (down)
    console.log(
      `Elasticsearch down for ${args.outage} s, ${args.rate} lines/s through the library: ${down.written} lines, ${down.dropped} not shipped (counted), heap grew at most ${fmt(down.heapGrowthMiB, 1)} MiB, RSS ${fmt(down.rssGrowthMiB, 1)} MiB`,
    );
  printTargets([atLeast('pino-elasticsearch at least 90% of the bulk helper', ratio, 0.9)]);
  console.log(
    `results: ${writeResults('log-shipping', startedAt, { machine: machine(), lines, batch, flushBytes, runs, samples, ratio, outage: down })}`,
  );
} finally {
  await admin.close();
  await es.stop();
}
