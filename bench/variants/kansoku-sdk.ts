// (e) kansoku beside the official SDK: metrics and logs as in (c), but its spans are made
// and exported by the OpenTelemetry SDK the application registered globally (a
// NodeTracerProvider with its default AsyncLocalStorageContextManager and W3C propagator,
// the batch span processor and @opentelemetry/exporter-trace-otlp-grpc), to the same Jaeger
// as (c). kansoku finds the provider itself (no tracing option), so the call's span is also
// the context API's active span in the handler (issue 8, items 1 and 3).
import * as grpc from '@grpc/grpc-js';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { kansokuSelfReport } from './kansoku-self-report.js';
import { runVariant } from './run-variant.js';
import { captureSdkWarnings } from './sdk-warnings.js';

const endpoint = process.env.KANSOKU_BENCH_OTLP_ENDPOINT;
if (!endpoint) throw new Error('KANSOKU_BENCH_OTLP_ENDPOINT is not set (host:port of the OTLP/gRPC receiver)');
const successSampleRatio = Number(process.env.KANSOKU_BENCH_ACCESS_LOG_RATIO ?? 0.01);

const warnings = captureSdkWarnings();

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'bench-kansoku-sdk', 'service.version': '0.0.0' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `http://${endpoint}` }))],
});
provider.register();

const { createObservability } = await import('@kansoku/instrumentation');
const obs = createObservability({
  serviceName: 'bench-kansoku-sdk',
  serviceVersion: '0.0.0',
  metrics: { port: 0, host: '127.0.0.1' },
  logging: { accessLog: { successSampleRatio } },
  env: {},
});
if (obs.tracer === undefined)
  throw new Error('kansoku did not pick up the registered TracerProvider: (e) would not trace');

await runVariant({
  grpc,
  serverOptions: { interceptors: obs.serverInterceptors },
  clientOptions: { interceptors: obs.clientInterceptors },
  info: {
    instrumentation: 'kansoku + registered NodeTracerProvider',
    metrics: true,
    tracing: 'global NodeTracerProvider, BatchSpanProcessor, exporter-trace-otlp-grpc, always on',
    accessLogSuccessRatio: successSampleRatio,
  },
  async shutdown() {
    await obs.shutdown();
    await provider.shutdown();
    return { ...(await kansokuSelfReport(obs.registry)), droppedSpans: warnings.droppedSpans() };
  },
});
