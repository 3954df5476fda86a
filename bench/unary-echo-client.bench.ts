// Scenario: unary echo with the instrumentation on the client side. The server is bare
// grpc-js (variant (a) in the server role), started once for the run; each variant runs
// as a Node load driver (bench/variants/run-variant.ts, client role) in its own process:
// `concurrency` callers on one channel, each sending its next call when the last one is
// answered. The driver is the bottleneck on purpose, so its throughput shows what the
// client interceptors (or OpenTelemetry's patched client) cost.
//
//   (a) bare grpc-js client                 the baseline
//   (b) kansoku clientInterceptors, metrics only
//   (c) kansoku clientInterceptors, metrics + tracing 100% (the client access log is off by default)
//   (d) OTel NodeSDK + instrumentation-grpc, which patches the client
//
// The targets of issue #3 are stated for the server scenario (unary-echo.bench.ts); they
// are printed here against the same thresholds for reference. Reported, never asserted.
//
//   npm run bench -- unary-echo-client [--rounds 5] [--duration 8s] [--warmup 3s] [--concurrency 50]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkTraces, printTracesFound, startBenchJaeger, type TraceCheck } from './lib/jaeger.js';
import { atLeast, comparison, fmt, machine, printTargets, root, type TargetCheck, writeResults } from './lib/report.js';
import { median, relativeSpread } from './lib/stats.js';
import { chooseVariants, VARIANTS, type VariantEntry } from './lib/variant-list.js';
import { VariantProcess } from './lib/variant-process.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '8s' },
    warmup: { type: 'string', default: '3s' },
    concurrency: { type: 'string', default: '50' },
    variants: { type: 'string', default: 'a,b,c,d' },
    payload: { type: 'string', default: '64' },
  },
});

const rounds = Number(args.rounds);
const chosen = chooseVariants(args.variants);
const message = 'x'.repeat(Number(args.payload));
const seconds = (text: string) => Number(text.replace(/s$/, '')) * 1000;

interface Sample {
  round: number;
  pair: number;
  variant: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  count: number;
  errors: number;
  /** Client CPU time per call, in microseconds. */
  clientCpuUsPerCall: number;
  loadavg1: number;
  /** Traces of this run found in Jaeger, for tracing variants. */
  tracesFound: TraceCheck | undefined;
  info: Record<string, unknown>;
}

const logDir = mkdtempSync(join(tmpdir(), 'kansoku-bench-'));
const jaeger = chosen.some((v) => v.traceService) ? await startBenchJaeger() : undefined;
const bare = VARIANTS[0] as VariantEntry;
const server = await VariantProcess.start({
  file: bare.file,
  role: 'server',
  logFile: join(logDir, 'server.log'),
  cwd: root,
});
const samples: Sample[] = [];
const startedAt = new Date();
const loadBefore = loadavg();

console.log(
  `unary-echo-client: ${rounds} rounds x ${chosen.length} client variants against one bare grpc-js server, ` +
    `${args.duration} measured after ${args.warmup} warm-up, ${args.concurrency} callers on one channel`,
);

try {
  for (let round = 1; round <= rounds; round++) {
    const order = chosen.map((_, i) => chosen[(i + round - 1) % chosen.length] as VariantEntry);
    for (const variant of order) {
      const sample = await measure(variant, round);
      samples.push(sample);
      console.log(
        `  round ${round} ${variant.id} ${fmt(sample.rps, 0).padStart(7)} calls/s  p99 ${fmt(sample.p99Ms, 2)} ms  ` +
          `client ${fmt(sample.clientCpuUsPerCall, 1)} us CPU/call  load ${fmt(sample.loadavg1, 2)}` +
          (sample.errors ? `  errors ${sample.errors}` : ''),
      );
    }
  }
  report();
} finally {
  await server.stop();
  await jaeger?.stop();
  rmSync(logDir, { recursive: true, force: true });
}

async function measure(variant: VariantEntry, round: number): Promise<Sample> {
  const client = await VariantProcess.start({
    file: variant.file,
    role: 'client',
    logFile: join(logDir, `${variant.id}-round${round}.log`),
    cwd: root,
    env: { ...variant.env, ...(jaeger ? { KANSOKU_BENCH_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint } : {}) },
  });
  try {
    const command = {
      type: 'load' as const,
      target: `127.0.0.1:${server.port}`,
      concurrency: Number(args.concurrency),
      message,
    };
    const timeout = (ms: number) => ms + 30_000;
    await client.request({ ...command, durationMs: seconds(args.warmup) }, 'loaded', timeout(seconds(args.warmup)));
    const measuredFrom = new Date();
    const result = await client.request(
      { ...command, durationMs: seconds(args.duration) },
      'loaded',
      timeout(seconds(args.duration)),
    );
    const stopInfo = await client.stop();
    const tracesFound = await tracesSince(variant, measuredFrom);
    return {
      round,
      pair: round,
      variant: variant.id,
      rps: result.rps,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      count: result.count,
      errors: result.errors,
      clientCpuUsPerCall: result.cpuUs / Math.max(1, result.count),
      loadavg1: loadavg()[0] ?? Number.NaN,
      tracesFound,
      info: { ...client.info, ...stopInfo },
    };
  } finally {
    await client.stop();
  }
}

/**
 * Spans of this very run must have reached Jaeger; look right away, as its memory store
 * keeps only the latest 100,000 traces. The wait also lets Jaeger finish ingesting before
 * the next variant runs.
 */
async function tracesSince(variant: VariantEntry, since: Date): Promise<TraceCheck | undefined> {
  if (!jaeger || !variant.traceService) return undefined;
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return checkTraces(jaeger.queryUrl, variant.traceService, since);
}

function report(): void {
  const { of, has, ratios, rpsRatio } = comparison(samples, chosen);

  console.log(
    '\n| client variant | calls/s | min-max | p99 ms | client CPU us/call | calls/s vs (a) | (min-max) | p99 vs (a) | CPU/call vs (a) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const summary: Record<string, unknown> = {};
  for (const variant of chosen) {
    const xs = of(variant.id);
    const rps = xs.map((s) => s.rps);
    const rpsRatios = ratios(variant.id, 'a', (s) => s.rps);
    const row = {
      name: variant.name,
      rpsMedian: median(rps),
      rpsMin: Math.min(...rps),
      rpsMax: Math.max(...rps),
      rpsSpread: relativeSpread(rps),
      p50MsMedian: median(xs.map((s) => s.p50Ms)),
      p99MsMedian: median(xs.map((s) => s.p99Ms)),
      clientCpuUsPerCallMedian: median(xs.map((s) => s.clientCpuUsPerCall)),
      rpsRatioVsA: median(rpsRatios),
      rpsRatioVsAMin: Math.min(...rpsRatios),
      rpsRatioVsAMax: Math.max(...rpsRatios),
      p99RatioVsA: median(ratios(variant.id, 'a', (s) => s.p99Ms)),
      cpuPerCallRatioVsA: median(ratios(variant.id, 'a', (s) => s.clientCpuUsPerCall)),
    };
    summary[variant.id] = row;
    console.log(
      `| (${variant.id}) ${variant.name} | ${fmt(row.rpsMedian, 0)} | ${fmt(row.rpsMin, 0)}-${fmt(row.rpsMax, 0)} | ` +
        `${fmt(row.p99MsMedian, 2)} | ${fmt(row.clientCpuUsPerCallMedian, 1)} | ${fmt(row.rpsRatioVsA, 3)} | ` +
        `${fmt(row.rpsRatioVsAMin, 2)}-${fmt(row.rpsRatioVsAMax, 2)} | ${fmt(row.p99RatioVsA, 2)} | ${fmt(row.cpuPerCallRatioVsA, 2)} |`,
    );
  }
  const targets: TargetCheck[] = [];
  if (has('a') && has('b')) targets.push(atLeast('(b) >= 97% of (a) calls/s', rpsRatio('b', 'a'), 0.97));
  if (has('a') && has('c')) targets.push(atLeast('(c) >= 85% of (a) calls/s', rpsRatio('c', 'a'), 0.85));
  if (has('c') && has('d')) targets.push(atLeast('(c) ahead of (d), (c)/(d) >= 1', rpsRatio('c', 'd'), 1));
  console.log('\nfor reference, the server targets applied to the client side (reported, not asserted):');
  printTargets(targets);
  const loadAfter = loadavg();
  const baselineSpread = has('a') ? relativeSpread(of('a').map((s) => s.rps)) : Number.NaN;
  console.log(
    `\nnoise: (a)'s calls/s varied by ${fmt(baselineSpread * 100, 1)}% across rounds; ` +
      `load average ${fmt(loadBefore[0] ?? 0, 2)} before, ${fmt(loadAfter[0] ?? 0, 2)} after, on ${cpus().length} CPUs`,
  );
  for (const variant of chosen.filter((v) => v.traceService)) {
    printTracesFound(
      variant.id,
      "right after each round's run",
      of(variant.id).map((s) => s.tracesFound),
    );
  }
  const file = writeResults('unary-echo-client', startedAt, {
    options: args,
    machine: machine(),
    loadBefore,
    loadAfter,
    summary,
    targets,
    samples,
  });
  console.log(`results: ${file}`);
}
