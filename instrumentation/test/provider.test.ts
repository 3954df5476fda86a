// kansoku's spans through an OpenTelemetry TracerProvider. Beside the official SDK
// registered globally (in a child process, so instrumentation-http can patch http before it
// loads), every scenario of issue 8 is checked through the real Jaeger: the call's span is
// the active span in the handler, the application's spans and HTTP calls made there are its
// children, a kansoku client call inside an application span is that span's child, log
// lines carry the innermost span's ids, B3-only callers are continued and outgoing calls
// carry the application's propagator's headers, the application's resource is used. In
// process: a standard SpanExporter as tracing.exporter, anything else refused, and export
// errors naming the exporter in use.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import {
  ConsoleSpanExporter,
  InMemorySpanExporter,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { type JaegerSpan, type JaegerTrace, startJaeger } from '../../test/services/jaeger.js';
import { InvalidOptionsError } from '../src/index.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, serve } from './helpers/observe.js';
import { TEST_SERVICE, unary } from './helpers/test-service.js';

const run = promisify(execFile);

type Ids = { traceId: string; spanId: string };

interface Seen {
  pipeline: boolean;
  edgeSpan: Ids;
  handlerActive: Ids;
  handlerBaggage: string;
  appSpan: Ids;
  leafReceived: Record<string, string>;
  downstreamActive: Ids;
  downstreamReply: { traceparent: string; b3: string };
  outerCode: number;
  b3Active: Ids;
  b3Code: number;
  lines: Record<string, unknown>[];
}

function tag(span: JaegerSpan, key: string): unknown {
  return span.tags.find((t) => t.key === key)?.value;
}

function parentOf(span: JaegerSpan | undefined): string | undefined {
  return span?.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
}

function find(trace: JaegerTrace, predicate: (s: JaegerSpan) => boolean, what: string): JaegerSpan {
  const span = trace.spans.find(predicate);
  assert.ok(span, `${what} in ${trace.spans.map((s) => `${s.operationName}/${tag(s, 'span.kind')}`).join(', ')}`);
  return span;
}

test('beside the official SDK registered globally, every scenario of issue 8 holds, read back from Jaeger', async (t) => {
  const jaeger = await startJaeger();
  t.after(() => jaeger.stop());
  const script = join(import.meta.dirname, 'helpers', 'sdk-beside-child.ts');
  const { stdout } = await run(
    process.execPath,
    ['--conditions=kansoku-source', '--import', 'tsx', script, jaeger.otlpGrpcEndpoint],
    { timeout: 60_000 },
  );
  const seen = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Seen;
  assert.equal(seen.outerCode, 0);
  assert.equal(seen.pipeline, true, 'obs.tracer exists: tracing is on through the global provider');

  // One trace from the edge HTTP request down to the leaf call and the downstream HTTP service.
  const traceId = seen.edgeSpan.traceId;
  const found = await jaeger.waitForTrace(traceId, 8);
  const method = `${TEST_SERVICE}/Unary`;
  const edge = find(found, (s) => s.spanID === seen.edgeSpan.spanId, 'the edge HTTP server span');
  const outerClient = find(
    found,
    (s) => s.operationName === method && tag(s, 'span.kind') === 'client' && parentOf(s) === edge.spanID,
    "kansoku's client span, child of the application's HTTP span",
  );
  const outerServer = find(
    found,
    (s) => s.operationName === method && tag(s, 'span.kind') === 'server' && parentOf(s) === outerClient.spanID,
    "kansoku's server span",
  );
  assert.deepEqual(seen.handlerActive, { traceId, spanId: outerServer.spanID }, 'trace.getActiveSpan() in the handler');
  assert.equal(seen.handlerBaggage, 'acme', 'baggage set by the caller reaches the handler');
  const app = find(found, (s) => s.spanID === seen.appSpan.spanId, 'the application span');
  assert.equal(app.operationName, 'application work');
  assert.equal(parentOf(app), outerServer.spanID, "the application's span is a child of the call's span");
  const leafClient = find(
    found,
    (s) => s.operationName === method && tag(s, 'span.kind') === 'client' && parentOf(s) === app.spanID,
    'the client call made inside the application span, its child',
  );
  find(
    found,
    (s) => s.operationName === method && tag(s, 'span.kind') === 'server' && parentOf(s) === leafClient.spanID,
    'the leaf server span',
  );
  const httpClient = find(
    found,
    (s) => tag(s, 'span.kind') === 'client' && parentOf(s) === outerServer.spanID && s.operationName !== method,
    "the handler's outgoing HTTP span, child of the call's span",
  );
  const downstream = find(found, (s) => s.spanID === seen.downstreamActive.spanId, 'the downstream HTTP server span');
  assert.equal(parentOf(downstream), httpClient.spanID);
  assert.match(seen.downstreamReply.traceparent, new RegExp(`^00-${traceId}-${httpClient.spanID}-01$`));
  // The application's propagator (W3C + B3 multi-header) is what kansoku's client injects.
  assert.equal(seen.leafReceived.traceparent, `00-${traceId}-${leafClient.spanID}-01`);
  assert.equal(seen.leafReceived['x-b3-traceid'], traceId);
  assert.equal(seen.leafReceived['x-b3-spanid'], leafClient.spanID);
  assert.equal(seen.leafReceived.baggage, 'tenant=acme');
  // Log lines carry the innermost span, whoever started it.
  const handlerLine = seen.lines.find((l) => l.step === 'handler');
  assert.equal(handlerLine?.['trace.id'], traceId);
  assert.equal(handlerLine?.['span.id'], outerServer.spanID);
  const downstreamLine = seen.lines.find((l) => l.step === 'downstream');
  assert.equal(downstreamLine?.['trace.id'], traceId);
  assert.equal(downstreamLine?.['span.id'], downstream.spanID);
  // kansoku's spans are the application's: its resource, not kansoku's serviceName option.
  assert.equal(found.processes[outerServer.processID]?.serviceName, 'sdk-beside-app');
  assert.equal(tag(outerServer, 'otel.scope.name'), '@kansoku/instrumentation');

  // A caller that speaks only B3 is continued.
  assert.equal(seen.b3Code, 0);
  assert.equal(seen.b3Active.traceId, '80f198ee56343ba864fe8b2a57d3eff7');
  const b3Trace = await jaeger.waitForTrace('80f198ee56343ba864fe8b2a57d3eff7', 1);
  const b3Server = find(b3Trace, (s) => s.spanID === seen.b3Active.spanId, 'the B3 caller’s server span');
  assert.equal(parentOf(b3Server), 'e457b5a2e4d86bd1');
});

test('tracing.exporter takes a standard SpanExporter: spans made by an SDK provider with the options resource', async (t) => {
  const exporter = new InMemorySpanExporter();
  const { obs } = observe({ tracing: { exporter, scheduledDelayMs: 5 } });
  const { client } = await serve(t, obs, { instrumentClient: true });
  await unary(client, {});
  await obs.flush();
  const spans = exporter.getFinishedSpans();
  const server = spans.find((s) => s.kind === SpanKind.SERVER);
  const clientSpan = spans.find((s) => s.kind === SpanKind.CLIENT);
  assert.ok(server && clientSpan);
  assert.equal(server.parentSpanContext?.spanId, clientSpan.spanContext().spanId);
  assert.equal(server.resource.attributes['service.name'], 'test-service');
  assert.equal(server.resource.attributes['service.version'], '9.9.9');
  assert.equal(server.instrumentationScope.name, '@kansoku/instrumentation');
  assert.equal(server.attributes['rpc.method'], `${TEST_SERVICE}/Unary`);
});

test('ConsoleSpanExporter is accepted; an exporter of encoded batches or another object is refused at construction', () => {
  assert.doesNotThrow(() => observe({ tracing: { exporter: new ConsoleSpanExporter() } }).obs.shutdown());
  for (const exporter of [memoryExporter(), { export: (_spans: unknown) => {}, shutdown: async () => {} }, 'x']) {
    assert.throws(
      () => observe({ tracing: { exporter: exporter as never } }),
      (err: unknown) =>
        err instanceof InvalidOptionsError &&
        /options\.tracing\.exporter must be an OpenTelemetry SpanExporter/.test(err.message),
    );
  }
  assert.throws(
    () => observe({ tracing: { exporter: new InMemorySpanExporter(), encodedExporter: memoryExporter() } }),
    /at most one of exporter, encodedExporter and provider/,
  );
});

class RefusingExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (result: { code: ExportResultCode; error?: Error }) => void): void {
    done({ code: ExportResultCode.FAILED, error: new Error('the backend said no') });
  }
  async shutdown(): Promise<void> {}
}

test('a failing export is reported naming the exporter in use, not an endpoint', async (t) => {
  const { obs, lines } = observe({ tracing: { exporter: new RefusingExporter(), scheduledDelayMs: 5 } });
  const { client } = await serve(t, obs, {});
  await unary(client, {});
  await obs.flush();
  const report = lines.find((l) => l['kansoku.component'] === 'span_export');
  assert.ok(report, JSON.stringify(lines));
  assert.match(String(report.message), /exporting spans to RefusingExporter \(tracing\.exporter\) failed/);
  assert.doesNotMatch(String(report.message), /localhost:4317/);
});

test('tracing.provider: spans are made through the provider given, which kansoku flushes but does not shut down', async (t) => {
  const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const { obs } = observe({ tracing: { provider } });
  const { client } = await serve(t, obs, {});
  await unary(client, {});
  await obs.shutdown();
  assert.deepEqual(
    exporter.getFinishedSpans().map((s) => s.kind),
    [SpanKind.SERVER],
  );
  // Still usable after kansoku's shutdown: the application owns it.
  provider.getTracer('app').startSpan('after').end();
  assert.equal(exporter.getFinishedSpans().length, 2);
  await provider.shutdown();
});
