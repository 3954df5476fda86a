// Spans of real calls, captured with an in-memory exporter: names and attributes of the
// OpenTelemetry RPC conventions, parent links across client and server, a caller's own
// traceparent continued, which codes make a server span an error, and sampling. Then,
// through the real Jaeger, the built-in pipeline against the official SDK's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { type OtlpJsonTrace, startJaeger, waitForOtlpTrace } from '../../test/services/jaeger.js';
import { memoryExporter, type ReceivedSpan } from './helpers/memory-exporter.js';
import { observe, serve } from './helpers/observe.js';
import { fromOtlpJson, jsonAttributes, orderFree } from './helpers/otlp-canonical.js';
import { rawUnary } from './helpers/raw-unary.js';
import { type HandlerHooks, newClient, startTestServer, TEST_SERVICE, unary } from './helpers/test-service.js';

async function setup(
  t: import('node:test').TestContext,
  options: Parameters<typeof observe>[0] = {},
  hooks?: HandlerHooks,
) {
  const exporter = memoryExporter();
  const { obs, lines } = observe({ tracing: { encodedExporter: exporter, scheduledDelayMs: 5 }, ...options });
  const server = await startTestServer({ interceptors: obs.serverInterceptors }, hooks);
  const client = newClient(server.address, { interceptors: obs.clientInterceptors });
  const bare = newClient(server.address);
  t.after(async () => {
    client.close();
    bare.close();
    await server.stop();
    await obs.shutdown();
  });
  const spans = async () => {
    await obs.flush();
    return exporter.spans();
  };
  return { obs, lines, client, bare, spans, address: server.address };
}

const byKind = (spans: ReceivedSpan[], kind: SpanKind) => spans.filter((s) => s.kind === kind);

test('a call gives a client span and a server span whose parent it is, named and attributed per the conventions', async (t) => {
  const { client, spans, address } = await setup(t);
  await unary(client, {});
  const all = await spans();
  const [clientSpan] = byKind(all, SpanKind.CLIENT);
  const [serverSpan] = byKind(all, SpanKind.SERVER);
  assert.ok(clientSpan && serverSpan);
  assert.equal(clientSpan.name, `${TEST_SERVICE}/Unary`);
  assert.equal(serverSpan.name, `${TEST_SERVICE}/Unary`);
  assert.equal(serverSpan.traceId, clientSpan.traceId);
  assert.equal(serverSpan.parentSpanId, clientSpan.spanId);
  for (const span of [clientSpan, serverSpan]) {
    assert.equal(span.attributes['rpc.system.name'], 'grpc');
    assert.equal(span.attributes['rpc.method'], `${TEST_SERVICE}/Unary`);
    assert.equal(span.attributes['rpc.status_code'], 'OK');
    assert.equal(span.statusCode, SpanStatusCode.UNSET);
  }
  assert.equal(serverSpan.attributes['server.address'], '127.0.0.1');
  // The client reports the server it reached: interceptors are not told the channel's target.
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  assert.equal(clientSpan.attributes['server.address'], '127.0.0.1');
  assert.equal(clientSpan.attributes['server.port'], port);
  assert.equal(serverSpan.attributes['server.port'], port);
  assert.equal(serverSpan.resource['service.name'], 'test-service');
  assert.equal(serverSpan.resource['service.version'], '9.9.9');
  assert.equal(serverSpan.scope.name, '@kansoku/instrumentation');
});

test("a caller's own traceparent is continued by the server span", async (t) => {
  const { bare, spans } = await setup(t);
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parentId = '00f067aa0ba902b7';
  const metadata = new grpc.Metadata();
  metadata.set('traceparent', `00-${traceId}-${parentId}-01`);
  await unary(bare, {}, { metadata });
  const [serverSpan] = await spans();
  assert.equal(serverSpan?.traceId, traceId);
  assert.equal(serverSpan?.parentSpanId, parentId);
  assert.equal(serverSpan?.parentIsRemote, true);
});

test('a server span is an error only for the codes the conventions name; a client span for any non-OK code', async (t) => {
  let answered = () => {};
  const lateAnswer = new Promise<void>((resolve) => {
    answered = resolve;
  });
  const { client, spans, address } = await setup(t, {}, { onAnswered: (_, { text }) => text === 'late' && answered() });
  await unary(client, { fail: grpc.status.NOT_FOUND });
  await unary(client, { fail: grpc.status.INVALID_ARGUMENT });
  await unary(client, { throw: true });
  // The server span of a deadline comes from a call the server's own deadline ends (the
  // caller never cancels: see helpers/raw-unary.ts); a grpc-js client whose deadline
  // passes gives the client span, while its server span is DEADLINE_EXCEEDED or, when its
  // cancel reaches a busy server first, CANCELLED.
  const request = { delayMs: 300, text: 'late' };
  const deadline = await rawUnary(address, `/${TEST_SERVICE}/Unary`, request, { 'grpc-timeout': '50m' });
  assert.equal(deadline.code, grpc.status.DEADLINE_EXCEEDED);
  await lateAnswer; // its handler answered after the deadline had ended the call and its span
  assert.equal((await unary(client, { delayMs: 300 }, { deadlineMs: 50 })).code, grpc.status.DEADLINE_EXCEEDED);
  const all = await spans();
  const serverSpans = byKind(all, SpanKind.SERVER);
  const server = Object.fromEntries(serverSpans.map((s) => [s.attributes['rpc.status_code'], s]));
  assert.equal(server.NOT_FOUND?.statusCode, SpanStatusCode.UNSET);
  assert.equal(server.INVALID_ARGUMENT?.statusCode, SpanStatusCode.UNSET);
  assert.equal(server.UNKNOWN?.statusCode, SpanStatusCode.ERROR);
  assert.equal(server.UNKNOWN?.attributes['error.type'], 'UNKNOWN');
  assert.equal(server.DEADLINE_EXCEEDED?.statusCode, SpanStatusCode.ERROR);
  for (const span of serverSpans.filter((s) => s.attributes['rpc.status_code'] === 'CANCELLED'))
    assert.equal(span.statusCode, SpanStatusCode.UNSET, 'a cancelled call is not a server error');
  const clientSpans = byKind(all, SpanKind.CLIENT);
  assert.equal(clientSpans.length, 4);
  for (const span of clientSpans)
    assert.equal(span.statusCode, SpanStatusCode.ERROR, String(span.attributes['rpc.status_code']));
});

test('inside a handler, log lines carry the server span ids and client calls are its children', async (t) => {
  let onward: ReturnType<typeof newClient> | undefined;
  const state: { logger?: import('pino').Logger } = {};
  const { client, spans, lines, obs, address } = await setup(
    t,
    {},
    {
      async onCall(_method, request) {
        state.logger?.info({ step: 'inside' }, 'handling');
        if (request.text === 'onward' && onward) await unary(onward, { text: 'leaf' });
      },
    },
  );
  state.logger = obs.logger;
  onward = newClient(address, { interceptors: obs.clientInterceptors });
  t.after(() => onward?.close());
  await unary(client, { text: 'onward' });
  const all = await spans();
  const outerClient = all.find((s) => s.kind === SpanKind.CLIENT && s.parentSpanId === undefined);
  const outerServer = all.find((s) => s.kind === SpanKind.SERVER && s.parentSpanId === outerClient?.spanId);
  assert.ok(outerServer, 'the outer server span');
  const inner = all.find((s) => s.kind === SpanKind.CLIENT && s.parentSpanId === outerServer.spanId);
  assert.ok(inner, 'the client call made inside the handler is a child of the server span');
  const handlerLines = lines.filter((l) => l.step === 'inside');
  assert.equal(handlerLines.length, 2);
  assert.equal(handlerLines[0]?.['trace.id'], outerServer.traceId);
  assert.equal(handlerLines[0]?.['span.id'], outerServer.spanId);
  // Outside any call there are no trace fields.
  obs.logger.info({ step: 'outside' }, 'idle');
  await obs.flush();
  const outside = lines.find((l) => l.step === 'outside');
  assert.equal(outside?.['trace.id'], undefined);
});

test('sampleRatio 0 exports nothing for new traces but follows a sampled caller, and ids still reach the logs', async (t) => {
  const exporter = memoryExporter();
  const {
    obs,
    lines: logLines,
    client: instrumented,
    bare: sampledCaller,
  } = await setup(t, { tracing: { encodedExporter: exporter, sampleRatio: 0, scheduledDelayMs: 5 } });
  const { reply } = await unary(instrumented, {});
  assert.match(String(reply?.traceparent), /-00$/, 'the unsampled decision travels with the call');
  await obs.flush();
  assert.equal(exporter.spans().length, 0);
  const access = logLines.find((l) => l['log.logger'] === 'grpc.access');
  assert.match(String(access?.['trace.id']), /^[0-9a-f]{32}$/);
  const metadata = new grpc.Metadata();
  metadata.set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  await unary(sampledCaller, {}, { metadata });
  await obs.flush();
  assert.equal(exporter.spans().length, 1);
});

test('excluded methods get no span', async (t) => {
  const { client, spans } = await setup(t, { exclude: { methods: [`/${TEST_SERVICE}/Unary`] } });
  await unary(client, {});
  await unary(client, {}, { method: 'Unimplemented' });
  const names = (await spans()).map((s) => s.name);
  assert.deepEqual([...new Set(names)], [`${TEST_SERVICE}/Unimplemented`]);
});

test('a method beyond maxMethods: span named grpc, rpc.method _OTHER, rpc.method_original the method called', async (t) => {
  const { client, spans } = await setup(t, { metrics: { maxMethods: 1 } });
  await unary(client, {});
  await unary(client, {}, { method: 'Unimplemented' });
  const others = (await spans()).filter((s) => s.attributes['rpc.method'] === '_OTHER');
  assert.deepEqual(others.map((s) => s.kind).sort(), [SpanKind.SERVER, SpanKind.CLIENT].sort());
  for (const span of others) {
    assert.equal(span.name, 'grpc');
    assert.equal(span.attributes['rpc.method_original'], `${TEST_SERVICE}/Unimplemented`);
  }
});

// --- conformance: the built-in pipeline and the official SDK's reach Jaeger as the same spans ---

/** A span as compared across pipelines: everything but ids, times, flags and port numbers. */
function comparable(trace: OtlpJsonTrace) {
  const entries = trace.resourceSpans.flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((span) => ({ span, resource: rs.resource?.attributes, scope: ss.scope })),
    ),
  );
  const byId = new Map(entries.map((e) => [e.span.spanId, e.span]));
  const ports = new Set(['server.port', 'network.peer.port']);
  const shape = ({ span, resource, scope }: (typeof entries)[number]) => {
    const c = orderFree(fromOtlpJson(span));
    const parent = byId.get(c.parentSpanId);
    return {
      name: c.name,
      kind: c.kind,
      parent: parent === undefined ? '' : `${parent.name}/${parent.kind}`,
      attributes: c.attributes.map(([k, v]) => [k, ports.has(k) ? 'PORT' : v]),
      status: c.status,
      events: c.events.map((e) => ({
        name: e.name,
        attributes: e.attributes.map(([k, v]) => [k, k === 'exception.stacktrace' ? 'STACK' : v]),
      })),
      droppedAttributesCount: c.droppedAttributesCount,
      resource: jsonAttributes(resource).sort((x, y) => x[0].localeCompare(y[0])),
      scope: `${scope?.name}@${scope?.version}`,
    };
  };
  return entries.map(shape).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

test('the same calls through the built-in pipeline and through the SDK with exporter-trace-otlp-grpc reach Jaeger as the same spans', async (t) => {
  const jaeger = await startJaeger();
  t.after(() => jaeger.stop());
  // One service.instance.id for both, which would otherwise be a random one per createObservability.
  const env = {
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=conformance,team=payments,service.instance.id=conf-1',
  };
  const pipelines = {
    builtin: { endpoint: `http://${jaeger.otlpGrpcEndpoint}`, scheduledDelayMs: 20 },
    sdk: { exporter: new OTLPTraceExporter({ url: `http://${jaeger.otlpGrpcEndpoint}` }), scheduledDelayMs: 20 },
  };
  const results: Record<string, ReturnType<typeof comparable>> = {};
  for (const [name, tracing] of Object.entries(pipelines)) {
    const { obs } = observe({ env, tracing });
    const { client } = await serve(t, obs, {
      instrumentClient: true,
      hooks: {
        onCall(_method, request) {
          if (request.text !== 'with-child') return;
          const lookup = obs.tracer?.startSpan('lookup order', { attributes: { 'db.system.name': 'postgresql' } });
          lookup?.recordException(Object.assign(new Error('row locked'), { name: 'LockError' }));
          lookup?.setStatus({ code: SpanStatusCode.ERROR, message: 'row locked' });
          lookup?.end();
        },
      },
    });
    const traceId = await (obs.tracer as NonNullable<typeof obs.tracer>).startActiveSpan('script', async (root) => {
      await unary(client, {});
      await unary(client, { fail: grpc.status.NOT_FOUND });
      await unary(client, { fail: grpc.status.INTERNAL });
      await unary(client, { text: 'with-child' });
      const stream = (client.ServerStream as (r: unknown) => grpc.ClientReadableStream<unknown>)({ count: 2 });
      stream.on('data', () => {});
      await new Promise((resolve) => stream.on('status', resolve));
      root.end();
      return root.spanContext().traceId;
    });
    await obs.flush();
    results[name] = comparable(await waitForOtlpTrace(jaeger, traceId, 12));
  }
  assert.equal(results.builtin?.length, 12);
  assert.deepEqual(results.sdk, results.builtin);
});
