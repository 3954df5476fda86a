// Scenario: CPU time the service's process spends sending one batch of spans to a real
// collector, OTLP over gRPC (grpc-js) against OTLP/HTTP (node:http), both to one Jaeger v2
// started for the run. The batches are encoded before timing, so only the export is
// measured: the client library's work, the HTTP/2 or HTTP/1.1 framing and the kernel's
// loopback send, which lands on the sender's clock. Exports run one at a time, as the
// batch processor sends them; the exporters take turns, in an order that rotates run by run.
// A third row sends gRPC with gzip, to show what compression costs the sender. Every export
// goes through the exporters' retry and deadline machinery, which on this happy path adds
// one timer and one AbortSignal per batch. Reported, never asserted.
//
//   npm run bench -- otlp-export [--spans 512] [--batches 60] [--runs 5]
import { parseArgs } from 'node:util';
import type { EncodedSpans, SpanExporter } from '../instrumentation/src/tracing/finished-span.js';
import { createTraceEncoder } from '../instrumentation/src/tracing/otlp/encode-traces.js';
import { createOtlpGrpcExporter } from '../instrumentation/src/tracing/otlp/grpc-exporter.js';
import { createOtlpHttpExporter } from '../instrumentation/src/tracing/otlp/http-exporter.js';
import { grpcServerSpans } from './lib/grpc-spans.js';
import { startBenchJaeger } from './lib/jaeger.js';
import { fmt, machine, writeResults } from './lib/report.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    spans: { type: 'string', default: '512' },
    batches: { type: 'string', default: '60' },
    runs: { type: 'string', default: '5' },
  },
});
const spanCount = Number(args.spans);
const batchCount = Number(args.batches);
const runs = Number(args.runs);
const startedAt = new Date();

const encoder = createTraceEncoder({ 'service.name': 'bench-otlp-export' }, { name: 'bench', version: '0' });
let batchesMade = 0;
/** A fresh batch (new ids each time, so Jaeger stores every span). */
function batch(): EncodedSpans {
  for (const span of grpcServerSpans(spanCount, spanCount * batchesMade++)) encoder.add(span);
  return { request: encoder.seal(), spanCount };
}

/** CPU ms (user + system) per export and wall ms per export over `batches`, sent one at a time. */
async function measure(exporter: SpanExporter, batches: EncodedSpans[]) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const b of batches) await exporter.export(b);
  const used = process.cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000 / batches.length,
    wallMs: (performance.now() - start) / batches.length,
  };
}

const jaeger = await startBenchJaeger();
const exporters: Record<string, SpanExporter> = {
  grpc: createOtlpGrpcExporter({ endpoint: `http://${jaeger.otlpGrpcEndpoint}`, headers: {}, timeoutMs: 10_000 }),
  'http/protobuf': createOtlpHttpExporter({ url: jaeger.otlpHttpTracesUrl, headers: {}, timeoutMs: 10_000 }),
  'grpc gzip': createOtlpGrpcExporter({
    endpoint: `http://${jaeger.otlpGrpcEndpoint}`,
    headers: {},
    timeoutMs: 10_000,
    compression: 'gzip',
  }),
};
const names = Object.keys(exporters);
const results: Record<string, { cpuMs: number; wallMs: number }[]> = Object.fromEntries(names.map((n) => [n, []]));
let bytes = 0;
try {
  // Warm both channels and the JIT.
  for (const exporter of Object.values(exporters)) for (let i = 0; i < 10; i++) await exporter.export(batch());
  for (let run = 1; run <= runs; run++) {
    const order = names.map((_, i) => names[(i + run) % names.length] as string);
    for (const protocol of order) {
      const batches = Array.from({ length: batchCount }, batch);
      bytes = batches[0]?.request.length ?? 0;
      const r = await measure(exporters[protocol] as SpanExporter, batches);
      results[protocol]?.push(r);
      console.log(
        `  run ${run} ${protocol.padEnd(13)} ${fmt(r.cpuMs, 3)} ms CPU per export  ${fmt(r.wallMs, 2)} ms wall`,
      );
    }
  }
} finally {
  for (const exporter of Object.values(exporters)) await exporter.shutdown();
  await jaeger.stop();
}

console.log(
  `\notlp-export: ${spanCount} spans a batch (${bytes} bytes), ${batchCount} batches x ${runs} runs per protocol`,
);
console.log('\n| protocol | CPU ms per export (median of runs) | µs per span | wall ms per export |');
console.log('|---|---:|---:|---:|');
const summary: Record<string, Record<string, number>> = {};
for (const [protocol, rs] of Object.entries(results)) {
  const cpuMs = median(rs.map((r) => r.cpuMs));
  const wallMs = median(rs.map((r) => r.wallMs));
  summary[protocol] = { cpuMs, wallMs, usPerSpan: (cpuMs * 1000) / spanCount };
  console.log(`| ${protocol} | ${fmt(cpuMs, 3)} | ${fmt((cpuMs * 1000) / spanCount, 2)} | ${fmt(wallMs, 2)} |`);
}
const file = writeResults('otlp-export', startedAt, { machine: machine(), options: args, bytes, summary, results });
console.log(`results: ${file}`);
