// Scenario: unary echo, ghz as the client, one server process per variant.
//
//   (a) bare grpc-js                                  the baseline
//   (b) kansoku, metrics only                         target: >= 97% of (a)'s throughput
//   (c) kansoku, metrics + tracing (100%) + logging   target: >= 85% of (a), and ahead of (d)
//   (d) OpenTelemetry NodeSDK + instrumentation-grpc + exporter-prometheus
//   (e) kansoku with its spans made and exported by the official SDK, registered globally
//   optional: (p) grpc-js with a pass-through interceptor, (l) (c) logging every call,
//             (n) (c) with spans encoded, not sent, (x) (c) with a global context manager
//
// Only the server is instrumented: ghz (Go) is the client in every variant.
//
// On a shared machine the CPU a server gets changes from one second to the next, so the
// variants are interleaved finely: each round starts a fresh server process per variant
// and warms each up, then runs `cycles` cycles; a cycle gives every variant one short
// measured ghz burst, back to back, in an order that rotates from cycle to cycle. Ratios
// are taken within a cycle (variant / (a) of the same cycle) and the median over all
// cycles is quoted. (c) and (d) export to one Jaeger started for the run; after a tracing
// variant's burst the next one waits a second, so that its export and Jaeger's ingestion
// do not land on the next variant.
//
// A benchmark reports; it never asserts. The targets are printed as met or not met and
// the exit code says only whether the run itself worked.
//
//   npm run bench -- unary-echo [--rounds 3] [--cycles 4] [--duration 5s] [--warmup 3s] [--concurrency 50]
//                               [--variants a,b,c,d] [--pin 1:0] [--ghz-cpus 2] [--rate 0] [--profile]
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ghz } from './lib/ghz.js';
import { checkTraces, printTracesFound, startBenchJaeger, type TraceCheck } from './lib/jaeger.js';
import {
  atLeast,
  atMost,
  comparison,
  fmt,
  machine,
  printTargets,
  root,
  type TargetCheck,
  writeResults,
} from './lib/report.js';
import { median, quantile, relativeSpread } from './lib/stats.js';
import { chooseVariants, type VariantEntry } from './lib/variant-list.js';
import { VariantProcess } from './lib/variant-process.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    rounds: { type: 'string', default: '3' },
    cycles: { type: 'string', default: '4' },
    duration: { type: 'string', default: '5s' },
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
    // A V8 CPU profile of each server's last measured burst, in bench/results/profiles/.
    profile: { type: 'boolean', default: false },
  },
});

const rounds = Number(args.rounds);
const cycles = Number(args.cycles);
const concurrency = Number(args.concurrency);
const chosen = chooseVariants(args.variants);
const [serverCpus, ghzPin] = args.pin ? args.pin.split(':') : [undefined, undefined];
const message = 'x'.repeat(Number(args.payload));
const SETTLE_AFTER_TRACING_MS = 1_000;

/** One measured burst. */
interface Sample {
  /** Bursts of the same cycle share a pair number. */
  pair: number;
  round: number;
  cycle: number;
  variant: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  count: number;
  notOk: Record<string, number>;
  /** Server CPU time (user + system) per request answered, in microseconds. */
  serverCpuUsPerRequest: number;
  /** Server CPU time over wall time of the burst (1 = one core busy). */
  serverCpuUtilisation: number;
  /** The run's Jaeger's CPU time over the same wall time (0 without Jaeger). */
  jaegerCpuUtilisation: number;
  loadavg1: number;
}

/** One server process: a variant in a round. */
interface ServerRecord {
  round: number;
  variant: string;
  serverRssMb: number;
  /** Bytes the server wrote to stdout/stderr (the access log, for (c), (e) and (l)). */
  serverLogBytes: number;
  /** Traces of this round found in Jaeger, for tracing variants. */
  tracesFound: TraceCheck | undefined;
  info: Record<string, unknown>;
}

const logDir = mkdtempSync(join(tmpdir(), 'kansoku-bench-'));
const profileDir = join(root, 'bench/results/profiles');
if (args.profile) mkdirSync(profileDir, { recursive: true });
const jaeger = chosen.some((v) => v.traceService) ? await startBenchJaeger() : undefined;
const samples: Sample[] = [];
const servers: ServerRecord[] = [];
const startedAt = new Date();
const loadBefore = loadavg();

console.log(
  `unary-echo: ${rounds} rounds x ${cycles} cycles x ${chosen.length} variants, ${args.duration} bursts ` +
    `after ${args.warmup} warm-up per server, ghz -c ${concurrency} --connections ${args.connections} --cpus ${args['ghz-cpus']}` +
    `${args.pin ? `, taskset server ${serverCpus} / ghz ${ghzPin}` : ''}` +
    `${Number(args.rate) > 0 ? `, fixed rate ${args.rate} rps` : ''}; ${args.payload}-byte message`,
);
if (jaeger) console.log(`jaeger: OTLP/gRPC ${jaeger.otlpGrpcEndpoint}, query ${jaeger.queryUrl}`);

try {
  for (let round = 1; round <= rounds; round++) await runRound(round);
  report();
} finally {
  await jaeger?.stop();
  rmSync(logDir, { recursive: true, force: true });
}

function load(port: number, duration: string) {
  return ghz({
    target: `127.0.0.1:${port}`,
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
}

async function runRound(round: number): Promise<void> {
  const roundStart = new Date();
  const running = new Map<string, { process: VariantProcess; logFile: string; rssMb: number }>();
  try {
    for (const variant of chosen) {
      const logFile = join(logDir, `${variant.id}-round${round}.log`);
      const process = await VariantProcess.start({
        file: variant.file,
        role: 'server',
        logFile,
        cwd: root,
        cpus: serverCpus,
        env: {
          ...variant.env,
          ...(jaeger ? { KANSOKU_BENCH_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint } : {}),
          ...(args.profile
            ? { KANSOKU_BENCH_PROFILE: join(profileDir, `${variant.id}-round${round}.cpuprofile`) }
            : {}),
        },
      });
      running.set(variant.id, { process, logFile, rssMb: Number.NaN });
      await load(process.port, args.warmup);
      if (variant.traceService) await settle();
    }
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const pair = (round - 1) * cycles + cycle;
      // Rotate the order so no variant always runs right after the same neighbour.
      const order = chosen.map((_, i) => chosen[(i + pair - 1) % chosen.length] as VariantEntry);
      for (const variant of order) {
        const server = running.get(variant.id);
        if (!server) continue;
        await server.process.request({ type: 'mark' }, 'marked');
        const jaegerBefore = jaeger ? jaeger.cpuSeconds() : 0;
        const result = await load(server.process.port, args.duration);
        const usage = await server.process.request({ type: 'report' }, 'report');
        const jaegerCpuSeconds = jaeger ? jaeger.cpuSeconds() - jaegerBefore : 0;
        server.rssMb = usage.rssBytes / 2 ** 20;
        const { OK: _ok, ...notOk } = result.statuses;
        const cpuUs = usage.cpuUserUs + usage.cpuSystemUs;
        const sample: Sample = {
          pair,
          round,
          cycle,
          variant: variant.id,
          rps: result.rps,
          p50Ms: result.p50Ms,
          p99Ms: result.p99Ms,
          count: result.count,
          notOk,
          serverCpuUsPerRequest: cpuUs / Math.max(1, usage.handled),
          serverCpuUtilisation: cpuUs / 1000 / usage.elapsedMs,
          jaegerCpuUtilisation: (jaegerCpuSeconds * 1000) / usage.elapsedMs,
          loadavg1: loadavg()[0] ?? Number.NaN,
        };
        samples.push(sample);
        console.log(
          `  round ${round} cycle ${cycle} ${variant.id} ${fmt(sample.rps, 0).padStart(7)} rps  ` +
            `p99 ${fmt(sample.p99Ms, 2)} ms  server ${fmt(sample.serverCpuUsPerRequest, 1)} us CPU/req, ` +
            `${fmt(sample.serverCpuUtilisation, 2)} cores  ` +
            (jaeger ? `jaeger ${fmt(sample.jaegerCpuUtilisation, 2)} cores  ` : '') +
            `load ${fmt(sample.loadavg1, 2)}` +
            (Object.keys(notOk).length ? `  not OK: ${JSON.stringify(notOk)}` : ''),
        );
        if (variant.traceService) await settle();
      }
    }
  } finally {
    for (const variant of chosen) {
      const server = running.get(variant.id);
      if (!server) continue;
      const stopInfo = await server.process.stop();
      servers.push({
        round,
        variant: variant.id,
        serverRssMb: server.rssMb,
        serverLogBytes: statSync(server.logFile).size,
        tracesFound:
          jaeger && variant.traceService
            ? await checkTraces(jaeger.queryUrl, variant.traceService, roundStart)
            : undefined,
        info: { ...server.process.info, ...stopInfo },
      });
    }
  }
}

/** Lets a tracing variant's last export, and Jaeger's ingestion of it, finish. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_AFTER_TRACING_MS));
}

function report(): void {
  const { of, has, ratios, rpsRatio } = comparison(samples, chosen);

  console.log(
    '\n| variant | rps | rps min-max | p99 ms | server CPU us/req | server CPU (cores) | rps vs (a) | (min-max) | p99 vs (a) | CPU/req vs (a) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const summary: Record<string, unknown> = {};
  for (const variant of chosen) {
    const xs = of(variant.id);
    const rps = xs.map((s) => s.rps);
    const rpsRatios = ratios(variant.id, 'a', (s) => s.rps);
    const own = servers.filter((s) => s.variant === variant.id);
    const row = {
      name: variant.name,
      bursts: xs.length,
      rpsMedian: median(rps),
      rpsMin: Math.min(...rps),
      rpsMax: Math.max(...rps),
      rpsSpread: relativeSpread(rps),
      p50MsMedian: median(xs.map((s) => s.p50Ms)),
      p99MsMedian: median(xs.map((s) => s.p99Ms)),
      serverCpuUsPerRequestMedian: median(xs.map((s) => s.serverCpuUsPerRequest)),
      serverCpuUtilisationMedian: median(xs.map((s) => s.serverCpuUtilisation)),
      jaegerCpuUtilisationMedian: median(xs.map((s) => s.jaegerCpuUtilisation)),
      rpsRatioVsA: median(rpsRatios),
      rpsRatioVsAMin: Math.min(...rpsRatios),
      rpsRatioVsAMax: Math.max(...rpsRatios),
      rpsRatioVsAQuartiles: [quantile(rpsRatios, 0.25), quantile(rpsRatios, 0.75)],
      p99RatioVsA: median(ratios(variant.id, 'a', (s) => s.p99Ms)),
      cpuPerRequestRatioVsA: median(ratios(variant.id, 'a', (s) => s.serverCpuUsPerRequest)),
      serverRssMbMedian: median(own.map((s) => s.serverRssMb)),
      serverLogBytes: own.reduce((sum, s) => sum + s.serverLogBytes, 0),
      droppedSpans: own.reduce((sum, s) => sum + (Number(s.info.droppedSpans) || 0), 0),
      measuredRequests: xs.reduce((sum, s) => sum + s.count, 0),
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
  for (const variant of chosen) {
    const row = summary[variant.id] as Record<string, number>;
    console.log(
      `(${variant.id}) server RSS ${fmt(row.serverRssMbMedian ?? Number.NaN, 0)} MB (median at the end of a round), ` +
        `${fmt((row.serverLogBytes ?? 0) / 2 ** 20, 1)} MB of stdout` +
        (variant.traceService
          ? `, spans dropped ${row.droppedSpans} (warm-up and measured calls; ${row.measuredRequests} measured)`
          : '') +
        (jaeger ? `; Jaeger used ${fmt(row.jaegerCpuUtilisationMedian ?? Number.NaN, 2)} cores during its bursts` : ''),
    );
  }

  const targets: TargetCheck[] = [];
  const cpuRatio = (id: string, baseline: string) =>
    median(ratios(id, baseline, (sample) => sample.serverCpuUsPerRequest));
  if (Number(args.rate) > 0) {
    // At a fixed rate every variant answers the same rps: the targets are CPU per request.
    if (has('a') && has('c')) targets.push(atMost('(c) CPU/request <= 1.10x (a)', cpuRatio('c', 'a'), 1.1));
    // Issue 8's rule: the built-in pipeline stays the default only while it is ahead of the SDK's.
    if (has('c') && has('e'))
      targets.push(atLeast('(c) ahead of (e) by 5% in CPU/request, (e)/(c) >= 1.05', cpuRatio('e', 'c'), 1.05));
    console.log('\ntargets at a fixed rate (median of per-cycle CPU/request ratios; reported, not asserted):');
  } else {
    if (has('a') && has('b')) targets.push(atLeast('(b) >= 97% of (a) rps', rpsRatio('b', 'a'), 0.97));
    if (has('a') && has('c')) targets.push(atLeast('(c) >= 85% of (a) rps', rpsRatio('c', 'a'), 0.85));
    if (has('a') && has('n')) targets.push(atLeast('(n) >= 85% of (a) rps', rpsRatio('n', 'a'), 0.85));
    if (has('c') && has('d'))
      targets.push(atLeast('(c) ahead of (d) by 15%, (c)/(d) >= 1.15', rpsRatio('c', 'd'), 1.15));
    if (has('c') && has('e'))
      targets.push(atLeast('(c) ahead of (e) by 5%, (c)/(e) >= 1.05', rpsRatio('c', 'e'), 1.05));
    if (has('c') && has('x')) console.log(`\ncontext manager registered: (x)/(c) rps ${fmt(rpsRatio('x', 'c'), 3)}`);
    console.log('\ntargets (median of per-cycle ratios; reported, not asserted):');
  }
  printTargets(targets);

  const loadAfter = loadavg();
  if (has('a')) {
    const a = of('a').map((s) => s.rps);
    console.log(
      `\nnoise: (a)'s rps ranged ${fmt(Math.min(...a), 0)}-${fmt(Math.max(...a), 0)} over ${a.length} bursts ` +
        `(${fmt(relativeSpread(a) * 100, 0)}% of its median); load average ${fmt(loadBefore[0] ?? 0, 2)} before, ` +
        `${fmt(loadAfter[0] ?? 0, 2)} after, on ${cpus().length} CPUs`,
    );
    for (const variant of chosen.filter((v) => v.id !== 'a')) {
      const r = ratios(variant.id, 'a', (s) => s.rps);
      console.log(
        `  (${variant.id})/(a) per cycle: median ${fmt(median(r), 3)}, middle half ${fmt(quantile(r, 0.25), 2)}-${fmt(quantile(r, 0.75), 2)}`,
      );
    }
  }
  for (const variant of chosen.filter((v) => v.traceService)) {
    printTracesFound(
      variant.id,
      'after each round',
      servers.filter((s) => s.variant === variant.id).map((s) => s.tracesFound),
    );
  }
  const file = writeResults('unary-echo', startedAt, {
    options: args,
    machine: machine(),
    loadBefore,
    loadAfter,
    summary,
    targets,
    servers,
    samples,
  });
  console.log(`results: ${file}`);
}
