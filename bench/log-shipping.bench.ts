// Scenario: log lines per second into a real Elasticsearch, and memory while it is down.
//
//   pino-elasticsearch  pino writing N ECS lines (the library's field names) into
//                       pino-elasticsearch (opType create, flushBytes 64 KiB, as the
//                       library configures it), timed from the first line until its bulk
//                       helper reports every line indexed.
//   baseline            the official client's bulk helper alone (client.helpers.bulk)
//                       sending the same N documents, already objects, with the same
//                       flushBytes, timed until it resolves.
//   outage              the library's logger with logging.elasticsearch pointed at the
//                       same Elasticsearch, paused: lines are written at --rate for
//                       --outage seconds while the heap and RSS are sampled; the lines not
//                       shipped are counted (kansoku_logs_dropped_total).
//
// Runs alternate which of the two goes first, each into a fresh index; the figure is the
// median over runs of the per-run ratio. Target: pino-elasticsearch at least 0.90 of the
// bulk helper. Memory: stated, not a target.
//
//   npm run bench -- log-shipping [--runs 5] [--lines 50000] [--outage 20] [--rate 5000]
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { createObservability, METRICS } from '@kansoku/instrumentation';
import pino from 'pino';
import { startElasticsearch } from '../test/services/elasticsearch.js';
import { atLeast, fmt, machine, printTargets, writeResults } from './lib/report.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    runs: { type: 'string', default: '5' },
    lines: { type: 'string', default: '50000' },
    outage: { type: 'string', default: '20' },
    rate: { type: 'string', default: '5000' },
  },
});
const runs = Number(args.runs);
const lines = Number(args.lines);
const FLUSH_BYTES = 64 * 1024;
// A CommonJS module whose typings declare a default export it does not have.
const pinoElasticsearch = createRequire(import.meta.url)('pino-elasticsearch') as (
  options: Record<string, unknown>,
) => Writable;

const es = await startElasticsearch();
const client = new Client({ node: es.url });

function document(i: number): Record<string, unknown> {
  return {
    'log.level': 'info',
    '@timestamp': new Date().toISOString(),
    'service.name': 'bench',
    'ecs.version': '8.11.0',
    'process.pid': process.pid,
    'host.hostname': 'bench-host',
    'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736',
    orderId: i,
    sku: 'A-1',
    message: 'order placed',
  };
}

async function viaPinoElasticsearch(index: string): Promise<number> {
  const stream = pinoElasticsearch({
    node: es.url,
    index,
    esVersion: 9,
    opType: 'create',
    flushBytes: FLUSH_BYTES,
    flushInterval: 1000,
  });
  const done = new Promise<{ successful: number; failed: number }>((resolve, reject) => {
    stream.on('insert', resolve);
    stream.on('error', reject);
  });
  const logger = pino(
    {
      base: {
        'service.name': 'bench',
        'ecs.version': '8.11.0',
        'process.pid': process.pid,
        'host.hostname': 'bench-host',
      },
      messageKey: 'message',
      timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ 'log.level': label }) },
    },
    stream,
  );
  const started = performance.now();
  for (let i = 0; i < lines; i++)
    logger.info({ 'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736', orderId: i, sku: 'A-1' }, 'order placed');
  stream.end();
  const stats = await done;
  const seconds = (performance.now() - started) / 1000;
  if (stats.successful !== lines) throw new Error(`pino-elasticsearch indexed ${stats.successful} of ${lines}`);
  return lines / seconds;
}

async function viaBulkHelper(index: string): Promise<number> {
  const docs = Array.from({ length: lines }, (_, i) => document(i));
  const started = performance.now();
  const stats = await client.helpers.bulk({
    datasource: docs,
    onDocument: () => ({ create: { _index: index } }),
    flushBytes: FLUSH_BYTES,
    flushInterval: 1000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (stats.successful !== lines) throw new Error(`the bulk helper indexed ${stats.successful} of ${lines}`);
  return lines / seconds;
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
      elasticsearch: { node: es.url, index: 'bench-outage', flushIntervalMs: 1000 },
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
  const samples: { helper: number; pino: number; ratio: number }[] = [];
  for (let run = 0; run < runs; run++) {
    let helper: number;
    let viaPino: number;
    if (run % 2 === 0) {
      helper = await viaBulkHelper(`bench-helper-${run}`);
      viaPino = await viaPinoElasticsearch(`bench-pino-${run}`);
    } else {
      viaPino = await viaPinoElasticsearch(`bench-pino-${run}`);
      helper = await viaBulkHelper(`bench-helper-${run}`);
    }
    samples.push({ helper, pino: viaPino, ratio: viaPino / helper });
    await client.indices.delete({ index: `bench-helper-${run},bench-pino-${run}` });
  }
  const down = await outage();
  const ratio = median(samples.map((s) => s.ratio));
  console.log(
    `\n${lines} lines per run, ${runs} runs, Elasticsearch ${es.version} on the same machine (shared with other work)\n`,
  );
  console.log('| path | lines/s (median) |');
  console.log('|---|---|');
  console.log(`| client.helpers.bulk alone | ${fmt(median(samples.map((s) => s.helper)), 0)} |`);
  console.log(`| pino → pino-elasticsearch | ${fmt(median(samples.map((s) => s.pino)), 0)} |`);
  console.log(`\npino-elasticsearch / bulk helper, median of per-run ratios: ${fmt(ratio, 3)}`);
  console.log(
    `Elasticsearch down for ${args.outage} s, ${args.rate} lines/s through the library: ${down.written} lines, ${down.dropped} not shipped (counted), heap grew at most ${fmt(down.heapGrowthMiB, 1)} MiB, RSS ${fmt(down.rssGrowthMiB, 1)} MiB`,
  );
  printTargets([atLeast('pino-elasticsearch at least 90% of the bulk helper', ratio, 0.9)]);
  console.log(
    `results: ${writeResults('log-shipping', startedAt, { machine: machine(), lines, runs, samples, ratio, outage: down })}`,
  );
} finally {
  await client.close();
  await es.stop();
}
