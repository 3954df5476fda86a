// Run as a child process by provider.test.ts: an application that set up the official
// OpenTelemetry SDK the usual way (NodeTracerProvider with a batch processor and the OTLP
// gRPC exporter, AsyncLocalStorageContextManager, W3C + baggage + B3 multi-header
// propagation, @opentelemetry/instrumentation-http), registered globally before http is
// loaded (instrumentation patches modules as they are required), and kansoku's
// interceptors beside it with no tracing options at all. It plays one request through
// every scenario of issue 8 and prints what it saw inside as JSON; the test reads the
// spans back from the real Jaeger named by argv[2].
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const jaeger = process.argv[2] as string;
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'sdk-beside-app', 'deployment.environment.name': 'test' }),
  spanProcessors: [
    new BatchSpanProcessor(new OTLPTraceExporter({ url: `http://${jaeger}` }), { scheduledDelayMillis: 50 }),
  ],
});
provider.register({
  contextManager: new AsyncLocalStorageContextManager(),
  propagator: new CompositePropagator({
    propagators: [
      new W3CTraceContextPropagator(),
      new W3CBaggagePropagator(),
      new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
    ],
  }),
});
registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });

// Loaded only now, so that instrumentation-http patches the http module the servers use.
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
const grpc = await import('@grpc/grpc-js');
const { createObservability } = await import('../../src/index.js');
const { newClient, startTestServer, unary } = await import('./test-service.js');

type Ids = { traceId: string; spanId: string } | undefined;
const ids = (span: { spanContext(): { traceId: string; spanId: string } } | undefined): Ids =>
  span && { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };

const lines: Record<string, unknown>[] = [];
const destination = new Writable({
  write(chunk, _enc, cb) {
    for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
    cb();
  },
});
const obs = createObservability({
  serviceName: 'kansoku-option-name',
  env: {},
  metrics: { port: false, runtimeMetrics: false },
  logging: { destination: destination as never, accessLog: false },
});
const appTracer = trace.getTracer('the-application');
const seen: Record<string, unknown> = { pipeline: obs.tracer !== undefined };

function listen(server: import('node:http').Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as import('node:net').AddressInfo).port)),
  );
}

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

// The service the handler calls over HTTP: it reports the trace headers it got, and logs
// with kansoku's logger inside its own (instrumentation-http's) server span.
const downstream = http.createServer((req, res) => {
  obs.logger.info({ step: 'downstream' }, 'inside the HTTP server span');
  seen.downstreamActive = ids(trace.getActiveSpan());
  res.end(JSON.stringify({ traceparent: req.headers.traceparent, b3: req.headers['x-b3-traceid'] }));
});
const downstreamPort = await listen(downstream);

let inner: ReturnType<typeof newClient> | undefined;
const grpcServer = await startTestServer(
  { interceptors: obs.serverInterceptors },
  {
    async onCall(_method, request) {
      if (request.text === 'b3') {
        seen.b3Active = ids(trace.getActiveSpan());
        return;
      }
      if (request.text !== 'outer') return;
      seen.handlerActive = ids(trace.getActiveSpan());
      seen.handlerBaggage = propagation.getBaggage(context.active())?.getEntry('tenant')?.value;
      obs.logger.info({ step: 'handler' }, 'inside the handler');
      await appTracer.startActiveSpan('application work', async (span) => {
        seen.appSpan = ids(span);
        const leaf = await unary(inner as ReturnType<typeof newClient>, { text: 'leaf' });
        seen.leafReceived = leaf.reply?.received;
        span.end();
      });
      seen.downstreamReply = JSON.parse(await get(downstreamPort, '/downstream'));
    },
  },
);
inner = newClient(grpcServer.address, { interceptors: obs.clientInterceptors });
const client = newClient(grpcServer.address, { interceptors: obs.clientInterceptors });

// The edge: an HTTP request (instrumented by the SDK) whose handler makes a kansoku client call.
const edge = http.createServer((_req, res) => {
  seen.edgeSpan = ids(trace.getActiveSpan());
  const withBaggage = propagation.setBaggage(
    context.active(),
    propagation.createBaggage({ tenant: { value: 'acme' } }),
  );
  context
    .with(withBaggage, () => unary(client, { text: 'outer' }))
    .then((outer) => {
      seen.outerCode = outer.code;
      res.end('ok');
    });
});
const edgePort = await listen(edge);
await get(edgePort, '/edge');

// A caller that speaks only B3 (multi-header), without kansoku's interceptors.
const bare = newClient(grpcServer.address);
const b3 = new grpc.Metadata();
b3.set('x-b3-traceid', '80f198ee56343ba864fe8b2a57d3eff7');
b3.set('x-b3-spanid', 'e457b5a2e4d86bd1');
b3.set('x-b3-sampled', '1');
seen.b3Code = (await unary(bare, { text: 'b3' }, { metadata: b3 })).code;

await obs.flush();
seen.lines = lines.filter((l) => l.step !== undefined);
for (const c of [client, inner, bare]) c.close();
await grpcServer.stop();
await new Promise((resolve) => downstream.close(resolve));
await new Promise((resolve) => edge.close(resolve));
await obs.shutdown();
await provider.shutdown();
console.log(JSON.stringify(seen));
