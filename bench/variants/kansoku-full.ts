// (c) kansoku with everything on: metrics (with exemplars), a span for every call
// (sampleRatio 1) exported over OTLP/gRPC to the run's Jaeger, and the access log with
// successful calls sampled. Failed calls would always be logged; the echo never fails.
// The log lines go to stdout, which the orchestrator points at a file.
import * as grpc from '@grpc/grpc-js';
import { createObservability, type EncodedSpansExporter } from '@kansoku/instrumentation';
import { kansokuSelfReport } from './kansoku-self-report.js';
import { runVariant } from './run-variant.js';

// KANSOKU_BENCH_EXPORT=discard: spans are made and encoded as in (c) but not sent, which
// tells the instrumentation's own cost from what running a collector on the same machine
// takes (variant n).
const discard = process.env.KANSOKU_BENCH_EXPORT === 'discard';
const discarding: EncodedSpansExporter = {
  export: async () => ({ rejectedSpans: 0, message: undefined }),
  shutdown: async () => {},
};
// KANSOKU_BENCH_CONTEXT_MANAGER=1: the application registered an AsyncLocalStorage context
// manager (and nothing else of the SDK), so kansoku makes each call's span the context API's
// active span: what item 1 of issue 8 costs when it is in use (variant x).
if (process.env.KANSOKU_BENCH_CONTEXT_MANAGER === '1') {
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}
const endpoint = process.env.KANSOKU_BENCH_OTLP_ENDPOINT;
if (!endpoint && !discard) {
  throw new Error('KANSOKU_BENCH_OTLP_ENDPOINT is not set (host:port of the OTLP/gRPC receiver)');
}
// The share of successful calls written to the access log; 0.01 unless the run says otherwise.
const successSampleRatio = Number(process.env.KANSOKU_BENCH_ACCESS_LOG_RATIO ?? 0.01);

const obs = createObservability({
  serviceName: 'bench-kansoku-full',
  serviceVersion: '0.0.0',
  metrics: { port: 0, host: '127.0.0.1' },
  tracing: discard
    ? { encodedExporter: discarding, sampleRatio: 1 }
    : { endpoint: `http://${endpoint}`, sampleRatio: 1 },
  logging: { accessLog: { successSampleRatio } },
  env: {},
});

await runVariant({
  grpc,
  serverOptions: { interceptors: obs.serverInterceptors },
  clientOptions: { interceptors: obs.clientInterceptors },
  info: {
    instrumentation: 'kansoku',
    metrics: true,
    tracing: discard ? 'sampleRatio 1, spans discarded after encoding' : 'sampleRatio 1',
    accessLogSuccessRatio: successSampleRatio,
  },
  async shutdown() {
    await obs.shutdown();
    return kansokuSelfReport(obs.registry);
  },
});
