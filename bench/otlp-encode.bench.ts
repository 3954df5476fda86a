// Scenario: CPU time to encode a batch of spans as an OTLP ExportTraceServiceRequest.
//
//   baseline  OpenTelemetry JS's ProtobufTraceSerializer (@opentelemetry/otlp-transformer,
//             what OTLPTraceExporter runs), given the same spans as SDK ReadableSpans.
//   kansoku   createTraceEncoder (instrumentation/src/tracing/otlp/encode-traces.ts), given
//             FinishedSpans.
//
// The batch is `--spans` (512, the batch processor's default batch) server spans shaped like a
// gRPC call's: rpc.system/service/method and server.address/port shared by every call of the
// method (FinishedSpan.sharedAttributes; merged into attributes for the SDK), the status code
// and peer address per call, half with a remote parent, one in 16 with ERROR status. Turning
// FinishedSpans into ReadableSpans happens before timing: only encoding is measured.
// Each run times `--iterations` batches per encoder, alternating which goes first, and quotes
// the median batch as µs per span; runs are repeated (`--runs`). Reported, never asserted.
//
//   npm run bench -- otlp-encode [--spans 512] [--runs 7] [--iterations 200] [--warmup 300]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { HrTime } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { FinishedSpan } from '../instrumentation/src/tracing/finished-span.js';
import { createTraceEncoder } from '../instrumentation/src/tracing/otlp/encode-traces.js';
import { grpcServerSpans } from './lib/grpc-spans.js';
import { median, quantile } from './lib/stats.js';

type ReadableSpan = Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0][number];

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    spans: { type: 'string', default: '512' },
    runs: { type: 'string', default: '7' },
    iterations: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '300' },
  },
});
const spanCount = Number(args.spans);
const runs = Number(args.runs);
const iterations = Number(args.iterations);

const RESOURCE = {
  'service.name': 'bench-echo',
  'service.version': '1.4.2',
  'k8s.pod.name': 'bench-echo-7d9f8b6c5-x2x4q',
  'k8s.namespace.name': 'default',
  'k8s.node.name': 'node-1',
};
const SCOPE = { name: '@kansoku/instrumentation', version: '0.1.0' };
function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/** The same spans as the SDK would hand its exporter. */
function readableSpans(spans: readonly FinishedSpan[]): ReadableSpan[] {
  const resource = resourceFromAttributes(RESOURCE);
  return spans.map((s) => {
    const context = { traceId: s.traceId, spanId: s.spanId, traceFlags: s.traceFlags };
    return {
      name: s.name,
      kind: s.kind,
      spanContext: () => context,
      parentSpanContext: s.parentSpanId
        ? { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: s.traceFlags, isRemote: s.parentIsRemote }
        : undefined,
      startTime: hrTime(s.startTimeMs),
      endTime: hrTime(s.endTimeMs),
      duration: hrTime(s.endTimeMs - s.startTimeMs),
      status: { code: s.statusCode, message: s.statusMessage },
      attributes: { ...s.sharedAttributes, ...s.attributes },
      links: [],
      events: [],
      ended: true,
      resource,
      instrumentationScope: SCOPE,
      droppedAttributesCount: s.droppedAttributesCount,
      droppedEventsCount: s.droppedEventsCount,
      droppedLinksCount: s.droppedLinksCount,
    };
  });
}

const finished = grpcServerSpans(spanCount);
const readable = readableSpans(finished);
const encoder = createTraceEncoder(RESOURCE, SCOPE);
const subjects = [
  { name: 'kansoku createTraceEncoder', encode: () => encoder.encode(finished).length },
  {
    name: 'OTel ProtobufTraceSerializer',
    encode: () => ProtobufTraceSerializer.serializeRequest(readable)?.length ?? 0,
  },
];

let sink = 0;
for (let i = 0; i < Number(args.warmup); i++) for (const s of subjects) sink += s.encode();

const perRun: { run: number; usPerSpan: Record<string, number> }[] = [];
for (let run = 0; run < runs; run++) {
  const samples = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  for (let i = 0; i < iterations; i++) {
    const order = i % 2 === 0 ? subjects : [...subjects].reverse();
    for (const s of order) {
      const t0 = process.hrtime.bigint();
      sink += s.encode();
      samples.get(s.name)?.push(Number(process.hrtime.bigint() - t0) / 1000 / spanCount);
    }
  }
  perRun.push({
    run: run + 1,
    usPerSpan: Object.fromEntries([...samples].map(([name, values]) => [name, median(values)])),
  });
}

const [ours, theirs] = subjects.map((s) => s.name) as [string, string];
console.log(
  `otlp-encode: ${spanCount} gRPC server spans a batch, ${runs} runs x ${iterations} batches per encoder ` +
    `(after ${args.warmup} warm-up), node ${process.version}\n`,
);
console.log(`| run | ${ours} µs/span | ${theirs} µs/span | ratio (OTel / kansoku) |`);
console.log('|---:|---:|---:|---:|');
for (const { run, usPerSpan } of perRun) {
  const a = usPerSpan[ours] ?? Number.NaN;
  const b = usPerSpan[theirs] ?? Number.NaN;
  console.log(`| ${run} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b / a).toFixed(2)} |`);
}
const runMedians = (name: string) => perRun.map((r) => r.usPerSpan[name] ?? Number.NaN);
const summary = {
  oursUsPerSpan: median(runMedians(ours)),
  theirsUsPerSpan: median(runMedians(theirs)),
  ratio: median(perRun.map((r) => (r.usPerSpan[theirs] ?? Number.NaN) / (r.usPerSpan[ours] ?? Number.NaN))),
  ratioP10: quantile(
    perRun.map((r) => (r.usPerSpan[theirs] ?? Number.NaN) / (r.usPerSpan[ours] ?? Number.NaN)),
    0.1,
  ),
  bytesOurs: encoder.encode(finished).length,
  bytesTheirs: ProtobufTraceSerializer.serializeRequest(readable)?.length ?? 0,
};
console.log(
  `\nmedian of runs: kansoku ${summary.oursUsPerSpan.toFixed(3)} µs/span, OTel ${summary.theirsUsPerSpan.toFixed(3)} µs/span, ` +
    `OTel/kansoku ${summary.ratio.toFixed(2)}x; request bytes: kansoku ${summary.bytesOurs}, OTel ${summary.bytesTheirs} ` +
    '(OTel also writes zero dropped counts, UNSET status and has-is-remote on links)',
);
if (sink < 0) console.log(sink);

const dir = join(import.meta.dirname, 'results');
await mkdir(dir, { recursive: true });
const file = join(dir, `otlp-encode-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(
  file,
  `${JSON.stringify({ scenario: 'otlp-encode', node: process.version, spanCount, runs, iterations, perRun, summary }, null, 2)}\n`,
);
console.log(`results: ${file}`);
