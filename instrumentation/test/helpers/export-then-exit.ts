// Run as a child process by otlp-grpc-exporter.test.ts: export one batch to the endpoint in
// argv and print the outcome, with nothing else keeping the event loop alive. If the
// exporter let the process exit while the call was in flight, nothing would be printed.
import { createTraceEncoder } from '../../src/tracing/otlp/encode-traces.js';
import { createOtlpGrpcExporter } from '../../src/tracing/otlp/grpc-exporter.js';
import { featureSpans } from './finished-spans.js';

const endpoint = process.argv[2] as string;
const exporter = createOtlpGrpcExporter({ endpoint, headers: {}, timeoutMs: 5_000 });
const { spans } = featureSpans(7, 2);
const request = createTraceEncoder({ 'service.name': 'exit-test' }, { name: 'test', version: '0' }).encode(spans);
exporter.export({ request, spanCount: spans.length }).then(
  (outcome) => console.log(`exported ${JSON.stringify(outcome)}`),
  (error: Error) => console.log(`failed ${error.message}`),
);
