// Scenario: `kansoku analyze` against a real Prometheus holding a large head block.
//
//   subject   one `kansoku analyze` run (kansoku's dashboards and rules as readers,
//             default --top 20 and --concurrency 4), in a child process: wall time and
//             peak resident memory.
//   baseline  the one query a person would type for the same question,
//             `count by (__name__) ({__name__=~".+"})`, timed against the same Prometheus
//             in the same round: what Prometheus needs to touch every head series once.
//
// For each size, generated targets on loopback expose that many series in all (metric
// names × label values, plus a histogram), a fresh Prometheus scrapes them until its head
// holds them all, then subject and baseline alternate for --runs rounds. Targets: analyze
// under 30 s and 256 MB at 500,000 series. Reported, never asserted.
//
//   npm run bench -- analyze [--sizes 100000,250000,500000] [--runs 3] [--targets 5]
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type PrometheusService, startPrometheus } from '../test/services/prometheus.js';
import { fmt, machine, root, writeResults } from './lib/report.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    sizes: { type: 'string', default: '100000,250000,500000' },
    runs: { type: 'string', default: '3' },
    targets: { type: 'string', default: '5' },
  },
});
const sizes = String(args.sizes).split(',').map(Number);
const runs = Number(args.runs);
const targetCount = Number(args.targets);
const METRIC_NAMES = 200;
const startedAt = new Date();

/** One target's exposition: its share of `total` series over METRIC_NAMES counters and one histogram. */
function exposition(target: number, total: number): string {
  const perTarget = Math.floor(total / targetCount);
  const histogramSeries = Math.floor(perTarget / 10);
  const counterSeries = perTarget - histogramSeries;
  const perName = Math.ceil(counterSeries / METRIC_NAMES);
  const lines: string[] = [];
  let written = 0;
  for (let m = 0; m < METRIC_NAMES && written < counterSeries; m++) {
    const name = `bench_generated_${String(m).padStart(3, '0')}_total`;
    lines.push(`# TYPE ${name} counter`);
    for (let v = 0; v < perName && written < counterSeries; v++, written++) {
      lines.push(`${name}{shard="${target}",id="${v}"} ${v}`);
    }
  }
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, '+Inf'];
  lines.push('# TYPE bench_generated_latency_seconds histogram');
  for (let r = 0; r * (buckets.length + 2) < histogramSeries; r++) {
    for (const le of buckets)
      lines.push(`bench_generated_latency_seconds_bucket{shard="${target}",route="${r}",le="${le}"} 1`);
    lines.push(`bench_generated_latency_seconds_sum{shard="${target}",route="${r}"} 1`);
    lines.push(`bench_generated_latency_seconds_count{shard="${target}",route="${r}"} 1`);
  }
  return `${lines.join('\n')}\n`;
}

async function serve(body: string): Promise<Server> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function analyzeOnce(url: string): Promise<{ seconds: number; maxRssMb: number; headSeries: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=kansoku-source',
        '--import',
        'tsx',
        join(root, 'bench/lib/analyze-child.ts'),
        '--prometheus',
        url,
        '--format',
        'json',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`analyze exited with ${code}`));
      else resolve(JSON.parse(last));
    });
  });
}

async function timeBaseline(p: PrometheusService): Promise<number> {
  const started = performance.now();
  await p.query('count by (__name__) ({__name__=~".+"})');
  return (performance.now() - started) / 1000;
}

const rows: Record<string, unknown>[] = [];
console.log(`machine: ${JSON.stringify(machine())}`);
for (const size of sizes) {
  const servers = await Promise.all(Array.from({ length: targetCount }, (_, t) => serve(exposition(t, size))));
  const prometheus = await startPrometheus({
    scrapeInterval: '15s',
    scrape: [
      {
        job: 'bench-generated',
        targets: servers.map((s) => `127.0.0.1:${(s.address() as AddressInfo).port}`),
      },
    ],
  });
  try {
    await prometheus.waitForTargetsUp(120_000);
    await prometheus.process.waitUntilReady(async () => {
      const status = await prometheus.api<{ headStats: { numSeries: number } }>('status/tsdb');
      return status.headStats.numSeries >= size * 0.99;
    }, 180_000);
    const subject: { seconds: number; maxRssMb: number; headSeries: number }[] = [];
    const baseline: number[] = [];
    for (let r = 0; r < runs; r++) {
      subject.push(await analyzeOnce(prometheus.url));
      baseline.push(await timeBaseline(prometheus));
    }
    const row = {
      size,
      headSeries: subject[0]?.headSeries,
      analyzeSeconds: median(subject.map((s) => s.seconds)),
      analyzeMaxRssMb: Math.max(...subject.map((s) => s.maxRssMb)),
      baselineSeconds: median(baseline),
      ratio: median(subject.map((s, i) => s.seconds / (baseline[i] ?? Number.NaN))),
    };
    rows.push(row);
    console.log(
      `${size} series (head ${row.headSeries}): analyze ${fmt(row.analyzeSeconds, 2)} s median of ${runs}, ` +
        `peak RSS ${fmt(row.analyzeMaxRssMb, 0)} MB; one full count query ${fmt(row.baselineSeconds, 2)} s; ` +
        `ratio ${fmt(row.ratio, 1)}×`,
    );
  } finally {
    await prometheus.stop();
    for (const s of servers) s.close();
  }
}

console.log('\n| head series | analyze (median) | analyze peak RSS | full count query | analyze / query |');
console.log('|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.headSeries} | ${fmt(r.analyzeSeconds as number, 2)} s | ${fmt(r.analyzeMaxRssMb as number, 0)} MB | ` +
      `${fmt(r.baselineSeconds as number, 2)} s | ${fmt(r.ratio as number, 1)}× |`,
  );
}
console.log(`raw: ${writeResults('analyze', startedAt, { sizes, runs, targetCount, rows })}`);
