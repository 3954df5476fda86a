// (d) OpenTelemetry's own answer: the Node SDK with @opentelemetry/instrumentation-grpc
// (which hooks both servers and clients), spans over OTLP/gRPC to the same Jaeger as (c), every span sampled (the SDK default,
// parent-based always-on), and @opentelemetry/exporter-prometheus serving /metrics.
// instrumentation-grpc records traces only, so that /metrics carries no gRPC series.
//
// instrumentation-grpc patches grpc-js through a require hook. This file is ESM, so the
// SDK is started first and grpc-js is then loaded with require(); the hook count below
// proves the patch took, and the orchestrator checks that spans reach Jaeger.
import { createRequire } from 'node:module';
import type * as GrpcJs from '@grpc/grpc-js';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { runVariant } from './run-variant.js';
import { captureSdkWarnings } from './sdk-warnings.js';

const endpoint = process.env.KANSOKU_BENCH_OTLP_ENDPOINT;
if (!endpoint) throw new Error('KANSOKU_BENCH_OTLP_ENDPOINT is not set (host:port of the OTLP/gRPC receiver)');

const warnings = captureSdkWarnings();

const instrumentation = new GrpcInstrumentation();
const prometheus = new PrometheusExporter({ port: 0 });
const sdk = new NodeSDK({
  serviceName: 'bench-otel-sdk',
  autoDetectResources: false,
  instrumentations: [instrumentation],
  traceExporter: new OTLPTraceExporter({ url: `http://${endpoint}` }),
  metricReaders: [prometheus],
});
sdk.start();

const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js') as typeof GrpcJs;
// shimmer marks what it wrapped: the server side hooks Server.register, the client side
// loadPackageDefinition. Unpatched, (d) would measure bare grpc-js.
const wrapped = (f: unknown) => Boolean((f as { __wrapped?: boolean }).__wrapped);
const patched = wrapped(grpc.Server.prototype.register) && wrapped(grpc.loadPackageDefinition);
if (!patched) throw new Error('instrumentation-grpc did not patch @grpc/grpc-js: (d) would measure bare grpc-js');

await runVariant({
  grpc,
  info: { instrumentation: '@opentelemetry/instrumentation-grpc + NodeSDK', patched, otlp: endpoint },
  async shutdown() {
    await sdk.shutdown();
    return { droppedSpans: warnings.droppedSpans(), otherWarnings: warnings.others() };
  },
});
