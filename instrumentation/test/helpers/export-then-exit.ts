// Run as a child process by export-in-child.ts: export one batch to the endpoint in argv
// (with the gRPC exporter, or the HTTP one when argv[3] is 'http') and print the outcome,
// with nothing else keeping the event loop alive. If the exporter let the process exit
// while the call was in flight, nothing would be printed; if an idle exporter kept the
// process alive, it would never exit.
import { createTraceEncoder } from '../../src/tracing/otlp/encode-traces.js';
import { createOtlpGrpcExporter } from '../../src/tracing/otlp/grpc-exporter.js';
import { createOtlpHttpExporter } from '../../src/tracing/otlp/http-exporter.js';
import { featureSpans } from './finished-spans.js';

const endpoint = process.argv[2] as string;
const exporter =
  process.argv[3] === 'http'
    ? createOtlpHttpExporter({ url: endpoint, headers: {}, timeoutMs: 5_000 })
    : createOtlpGrpcExporter({ endpoint, headers: {}, timeoutMs: 5_000 });
const { spans } = featureSpans(7, 2);
const request = createTraceEncoder({ 'service.name': 'exit-test' }, { name: 'test', version: '0' }).encode(spans);
exporter.export({ request, spanCount: spans.length }).then(
  (outcome) => console.log(`exported ${JSON.stringify(outcome)}`),
  (error: Error) => console.log(`failed ${error.message}`),
);
