// (b) kansoku with metrics only: the default metric families (go-grpc-middleware names,
// handling-time histogram on) and the /metrics endpoint; no tracing, no access log.
import * as grpc from '@grpc/grpc-js';
import { createObservability } from '@kansoku/instrumentation';
import { kansokuSelfReport } from './kansoku-self-report.js';
import { runVariant } from './run-variant.js';

const obs = createObservability({
  serviceName: 'bench-kansoku-metrics',
  serviceVersion: '0.0.0',
  metrics: { port: 0, host: '127.0.0.1' },
  tracing: false,
  logging: { accessLog: false },
  // Nothing from the shell (OTEL_*) may switch tracing on behind the benchmark's back.
  env: {},
});

await runVariant({
  grpc,
  serverOptions: { interceptors: obs.serverInterceptors },
  clientOptions: { interceptors: obs.clientInterceptors },
  info: { instrumentation: 'kansoku', metrics: true, tracing: false, accessLog: false },
  async shutdown() {
    await obs.shutdown();
    return kansokuSelfReport(obs.registry);
  },
});
