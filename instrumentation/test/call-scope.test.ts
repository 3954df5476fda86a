// One context with the application: with a global context manager registered, the call's
// span (here made by kansoku's built-in tracer) is the context API's active span inside the
// handler, an application's span started there with another tracer is its child, a client
// call inside that span is that span's child, and log lines carry the innermost span's ids.
// Without one, nothing global is touched and kansoku's own storage does the job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { contextManagerRegistered } from '../src/call-scope.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, serve } from './helpers/observe.js';
import { newClient, unary } from './helpers/test-service.js';

test('without a context manager: the API sees no active span in a handler, log lines still carry the call ids', async (t) => {
  assert.equal(contextManagerRegistered(), false);
  const exporter = memoryExporter();
  const { obs, lines } = observe({ tracing: { encodedExporter: exporter, scheduledDelayMs: 5 } });
  let active: Span | undefined;
  const { client } = await serve(t, obs, {
    hooks: {
      onCall() {
        active = trace.getActiveSpan();
        obs.logger.info({ step: 'in' }, 'in');
      },
    },
  });
  await unary(client, {});
  await obs.flush();
  const server = exporter.spans().find((s) => s.kind === SpanKind.SERVER);
  assert.equal(active, undefined);
  assert.equal(lines.find((l) => l.step === 'in')?.['span.id'], server?.spanId);
});

test('with a context manager: the call span is active for the API, and spans, calls and log lines nest under the innermost', async (t) => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  t.after(() => context.disable());
  assert.equal(contextManagerRegistered(), true);
  const exporter = memoryExporter();
  const { obs, lines } = observe({ tracing: { encodedExporter: exporter, scheduledDelayMs: 5 } });
  // The application's own tracer, from an SDK provider kansoku knows nothing about.
  const appSpans = new InMemorySpanExporter();
  const appTracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appSpans)] }).getTracer('app');
  const seen: { active?: string; app?: string } = {};
  let onward: ReturnType<typeof newClient> | undefined;
  const { client, address } = await serve(t, obs, {
    hooks: {
      async onCall(_method, request) {
        if (request.text !== 'outer') return;
        seen.active = trace.getActiveSpan()?.spanContext().spanId;
        await appTracer.startActiveSpan('app work', async (span) => {
          seen.app = span.spanContext().spanId;
          obs.logger.info({ step: 'app' }, 'inside the application span');
          await unary(onward as ReturnType<typeof newClient>, { text: 'leaf' });
          span.end();
        });
      },
    },
  });
  onward = newClient(address, { interceptors: obs.clientInterceptors });
  t.after(() => onward?.close());
  await unary(client, { text: 'outer' });
  await obs.flush();
  const spans = exporter.spans();
  const outerServer = spans.find((s) => s.kind === SpanKind.SERVER && s.spanId === seen.active);
  assert.ok(outerServer, 'trace.getActiveSpan() in the handler is the call span');
  const [app] = appSpans.getFinishedSpans();
  assert.equal(app?.parentSpanContext?.spanId, outerServer.spanId, "the application's span is the call span's child");
  assert.equal(app?.spanContext().traceId, outerServer.traceId);
  const leafClient = spans.find((s) => s.kind === SpanKind.CLIENT && s.parentSpanId === seen.app);
  assert.ok(leafClient, 'the client call inside the application span is its child');
  const line = lines.find((l) => l.step === 'app');
  assert.equal(line?.['span.id'], seen.app);
  assert.equal(line?.['trace.id'], outerServer.traceId);
});
