// Scenario: unary echo, ghz as the client, one server process per variant.
//
//   (a) bare grpc-js                                  the baseline
//   (b) kansoku, metrics only                         target: >= 97% of (a)'s throughput
//   (c) kansoku, metrics + tracing (100%) + logging   target: >= 85% of (a), and ahead of (d)
//   (d) OpenTelemetry NodeSDK + instrumentation-grpc + exporter-prometheus
//
// Only the server is instrumented: ghz (Go) is the client in every variant. Each round
// runs every variant once, in a rotated order, each in a fresh server process that is
// warmed up before it is measured; (c) and (d) export to one Jaeger started for the run.
// Ratios are taken within a round (variant / (a) of the same round) and the median over
// rounds is quoted, so that slow drift on a shared machine cancels out.
//
// A benchmark reports; it never asserts. The targets are printed as met or not met and
// the exit code says only whether the run itself worked.
//
//   npm run bench -- unary-echo [--rounds 5] [--duration 10s] [--warmup 3s] [--concurrency 50]
//                               [--variants a,b,c,d] [--pin 1:0] [--ghz-cpus 2] [--rate 0] [--profile]
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ghz } from './lib/ghz.js';
import { checkTraces, startBenchJaeger, type TraceCheck } from './lib/jaeger.js';
import { atLeast, fmt, machine, pairedRatios, root, type TargetCheck, writeResults } from './lib/report.js';
import { median, relativeSpread } from './lib/stats.js';
import { chooseVariants, type VariantEntry } from './lib/variant-list.js';
import { VariantProcess } from './lib/variant-process.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '10s' },
    warmup: { type: 'string', default: '3s' },
    concurrency: { type: 'string', default: '50' },
    connections: { type: 'string', default: '1' },
    variants: { type: 'string', default: 'a,b,c,d' },
    // "server:ghz" CPU lists for taskset, e.g. "1:0". Off by default.
    pin: { type: 'string' },
    'ghz-cpus': { type: 'string', default: '2' },
    payload: { type: 'string', default: '64' },
    // A fixed request rate instead of as-fast-as-possible: then compare CPU per request and p99.
    rate: { type: 'string', default: '0' },
    // A V8 CPU profile of every server's measured run, in bench/results/profiles/ (slows the servers down).
    profile: { type: 'boolean', default: false },
  },
});

const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);
const chosen = chooseVariants(args.variants);
const [serverCpus, ghzPin] = args.pin ? args.pin.split(':') : [undefined, undefined];
const message = 'x'.repeat(Number(args.payload));

interface Sample {
  round: number;
  variant: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  count: number;
  notOk: Record<string, number>;
  /** Server CPU time (user + system) per request answered, in microseconds. */
  serverCpuUsPerRequest: number;
  /** Server CPU time over wall time of the measured run (1 = one core busy). */
  serverCpuUtilisation: number;
  serverRssMb: number;
  /** Bytes the server wrote to stdout/stderr (the access log, for (c)). */
  serverLogBytes: number;
  loadavg1: number;
  /** Traces of this run found in Jaeger, for tracing variants. */
  tracesFound: TraceCheck | undefined;
  info: Record<string, unknown>;
}

const logDir = mkdtempSync(join(tmpdir(), 'kansoku-bench-'));
const profileDir = join(root, 'bench/results/profiles');
if (args.profile) mkdirSync(profileDir, { recursive: true });
const jaeger = chosen.some((v) => v.traceService) ? await startBenchJaeger() : undefined;
const samples: Sample[] = [];
const startedAt = new Date();
const loadBefore = loadavg();

console.log(
  `unary-echo: ${rounds} rounds x ${chosen.length} variants, ${args.duration} measured after ${args.warmup} warm-up, ` +
    `ghz -c ${concurrency} --connections ${args.connections} --cpus ${args['ghz-cpus']}` +
    `${args.pin ? `, taskset server ${serverCpus} / ghz ${ghzPin}` : ''}` +
    `${Number(args.rate) > 0 ? `, fixed rate ${args.rate} rps` : ''}; ${args.payload}-byte message`,
);
if (jaeger) console.log(`jaeger: OTLP/gRPC ${jaeger.otlpGrpcEndpoint}, query ${jaeger.queryUrl}`);

try {
  for (let round = 1; round <= rounds; round++) {
    // Rotate the order so no variant always runs first (cold machine) or last.
    const order = chosen.map((_, i) => chosen[(i + round - 1) % chosen.length] as VariantEntry);
    for (const variant of order) {
      const sample = await measure(variant, round);
      samples.push(sample);
      console.log(
        `  round ${round} ${variant.id} ${fmt(sample.rps, 0).padStart(7)} rps  p99 ${fmt(sample.p99Ms, 2)} ms  ` +
          `server ${fmt(sample.serverCpuUsPerRequest, 1)} us CPU/req, ${fmt(sample.serverCpuUtilisation, 2)} cores  ` +
          `load ${fmt(sample.loadavg1, 2)}` +
          (Object.keys(sample.notOk).length ? `  not OK: ${JSON.stringify(sample.notOk)}` : ''),
      );
    }
  }
  report();
} finally {
  await jaeger?.stop();
  rmSync(logDir, { recursive: true, force: true });
}

async function measure(variant: VariantEntry, round: number): Promise<Sample> {
  const logFile = join(logDir, `${variant.id}-round${round}.log`);
  const server = await VariantProcess.start({
    file: variant.file,
    role: 'server',
    logFile,
    cwd: root,
    cpus: serverCpus,
    env: {
      ...variant.env,
      ...(jaeger ? { KANSOKU_BENCH_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint } : {}),
      ...(args.profile ? { KANSOKU_BENCH_PROFILE: join(profileDir, `${variant.id}-round${round}.cpuprofile`) } : {}),
    },
  });
  try {
    const load = (duration: string) =>
      ghz({
        target: `127.0.0.1:${server.port}`,
        proto: join(root, 'bench/echo.proto'),
        call: 'kansoku.bench.Echo/Echo',
        data: { message },
        concurrency,
        connections: Number(args.connections),
        duration,
        ghzCpus: Number(args['ghz-cpus']),
        pin: ghzPin,
        rate: Number(args.rate),
      });
    await load(args.warmup);
    await server.request({ type: 'mark' }, 'marked');
    const measuredFrom = new Date();
    const result = await load(args.duration);
    const usage = await server.request({ type: 'report' }, 'report');
    const stopInfo = await server.stop();
    const tracesFound = await tracesSince(variant, measuredFrom);
    const { OK: _ok, ...notOk } = result.statuses;
    const cpuUs = usage.cpuUserUs + usage.cpuSystemUs;
    return {
      round,
      variant: variant.id,
      rps: result.rps,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      count: result.count,
      notOk,
      serverCpuUsPerRequest: cpuUs / Math.max(1, usage.handled),
      serverCpuUtilisation: cpuUs / 1000 / usage.elapsedMs,
      serverRssMb: usage.rssBytes / 2 ** 20,
      serverLogBytes: statSync(logFile).size,
      loadavg1: loadavg()[0] ?? Number.NaN,
      tracesFound,
      info: { ...server.info, ...stopInfo },
    };
  } finally {
    await server.stop();
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
  const of = (id: string) => samples.filter((s) => s.variant === id);
  const has = (id: string) => chosen.some((v) => v.id === id);
  const ratios = (id: string, baseline: string, value: (s: Sample) => number) =>
    has(baseline) ? pairedRatios(samples, id, baseline, value) : [];

  console.log(
    '\n| variant | rps | rps min-max | p99 ms | server CPU us/req | server CPU (cores) | rps vs (a) | (min-max) | p99 vs (a) | CPU/req vs (a) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
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
      serverCpuUsPerRequestMedian: median(xs.map((s) => s.serverCpuUsPerRequest)),
      serverCpuUtilisationMedian: median(xs.map((s) => s.serverCpuUtilisation)),
      rpsRatioVsA: median(rpsRatios),
      rpsRatioVsAMin: Math.min(...rpsRatios),
      rpsRatioVsAMax: Math.max(...rpsRatios),
      p99RatioVsA: median(ratios(variant.id, 'a', (s) => s.p99Ms)),
      cpuPerRequestRatioVsA: median(ratios(variant.id, 'a', (s) => s.serverCpuUsPerRequest)),
      serverRssMbMedian: median(xs.map((s) => s.serverRssMb)),
      droppedSpans: xs.reduce((sum, s) => sum + (Number(s.info.droppedSpans) || 0), 0),
      requests: xs.reduce((sum, s) => sum + s.count, 0),
    };
    summary[variant.id] = row;
    console.log(
      `| (${variant.id}) ${variant.name} | ${fmt(row.rpsMedian, 0)} | ${fmt(row.rpsMin, 0)}-${fmt(row.rpsMax, 0)} | ` +
        `${fmt(row.p99MsMedian, 2)} | ${fmt(row.serverCpuUsPerRequestMedian, 1)} | ${fmt(row.serverCpuUtilisationMedian, 2)} | ` +
        `${fmt(row.rpsRatioVsA, 3)} | ${fmt(row.rpsRatioVsAMin, 2)}-${fmt(row.rpsRatioVsAMax, 2)} | ` +
        `${fmt(row.p99RatioVsA, 2)} | ${fmt(row.cpuPerRequestRatioVsA, 2)} |`,
    );
  }

  console.log('');
  for (const [id, row] of Object.entries(summary) as [string, Record<string, number>][]) {
    console.log(
      `(${id}) server RSS ${fmt(row.serverRssMbMedian ?? Number.NaN, 0)} MB (median)` +
        (chosen.find((v) => v.id === id)?.traceService
          ? `, spans dropped ${row.droppedSpans} over ${row.requests} measured calls (warm-up calls are traced too)`
          : ''),
    );
  }

  const rpsRatio = (id: string, baseline: string) => median(ratios(id, baseline, (s) => s.rps));
  const targets: TargetCheck[] = [];
  if (has('a') && has('b')) targets.push(atLeast('(b) >= 97% of (a) rps', rpsRatio('b', 'a'), 0.97));
  if (has('a') && has('c')) targets.push(atLeast('(c) >= 85% of (a) rps', rpsRatio('c', 'a'), 0.85));
  if (has('c') && has('d')) targets.push(atLeast('(c) ahead of (d) rps, (c)/(d) >= 1', rpsRatio('c', 'd'), 1));
  console.log('\ntargets (median of per-round ratios; reported, not asserted):');
  for (const t of targets) console.log(`  ${t.met ? 'met    ' : 'NOT MET'} ${t.target}: ${fmt(t.figure, 3)}`);

  const baselineSpread = has('a') ? relativeSpread(of('a').map((s) => s.rps)) : Number.NaN;
  const loadAfter = loadavg();
  console.log(
    `\nnoise: (a)'s rps varied by ${fmt(baselineSpread * 100, 1)}% (max-min over median) across rounds; ` +
      `load average ${fmt(loadBefore[0] ?? 0, 2)} before, ${fmt(loadAfter[0] ?? 0, 2)} after, on ${cpus().length} CPUs`,
  );
  for (const variant of chosen.filter((v) => v.traceService)) {
    const found = of(variant.id).map((s) => s.tracesFound);
    const operations = [...new Set(found.flatMap((t) => t?.operations ?? []))];
    console.log(
      `jaeger: (${variant.id}) traces found right after each round's run (asked for 20): ` +
        `${found.map((t) => t?.traces ?? 0).join(', ')}; span names ${JSON.stringify(operations)}`,
    );
  }
  const file = writeResults('unary-echo', startedAt, {
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
