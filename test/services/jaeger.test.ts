// Proves the Jaeger helper runs the real Jaeger v2: a span sent with the OpenTelemetry
// SDK over OTLP/gRPC is read back from Jaeger's query API with its service and parent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { type JaegerService, startJaeger } from './jaeger.js';

let jaeger: JaegerService;

before(async () => {
  jaeger = await startJaeger();
});

after(async () => {
  await jaeger?.stop();
});

test('a span sent over OTLP/gRPC is read back from the query API', async () => {
  const exporter = new OTLPTraceExporter({ url: `http://${jaeger.otlpGrpcEndpoint}` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'jaeger-smoke' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('smoke');
  const parent = tracer.startSpan('parent-operation');
  const child = tracer.startSpan('child-operation', {}, trace.setSpan(context.active(), parent));
  child.end();
  parent.end();
  await provider.forceFlush();
  await provider.shutdown();

  const traceId = parent.spanContext().traceId;
  const found = await jaeger.waitForTrace(traceId, 2);
  const byName = new Map(found.spans.map((s) => [s.operationName, s]));
  const childSpan = byName.get('child-operation');
  assert.ok(byName.get('parent-operation'), 'parent span is stored');
  assert.ok(childSpan, 'child span is stored');
  assert.deepEqual(
    childSpan.references.map((r) => [r.refType, r.spanID]),
    [['CHILD_OF', parent.spanContext().spanId]],
  );
  assert.equal(found.processes[childSpan.processID]?.serviceName, 'jaeger-smoke');
  assert.ok((await jaeger.services()).includes('jaeger-smoke'));
});

test('an unknown trace id is not found', async () => {
  const response = await fetch(`${jaeger.queryUrl}/api/traces/0123456789abcdef0123456789abcdef`);
  assert.equal(response.status, 404);
  await response.arrayBuffer();
});
