// Which propagator carries trace context across calls: W3C trace context and baggage by
// default, what OTEL_PROPAGATORS names (b3, b3multi, none), and the application's global
// propagator when it set one. Real calls between instrumented clients and servers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { propagation, SpanKind } from '@opentelemetry/api';
import { B3Propagator } from '@opentelemetry/propagator-b3';
import { InvalidOptionsError } from '../src/index.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, serve } from './helpers/observe.js';
import { newClient, unary } from './helpers/test-service.js';

async function setup(t: import('node:test').TestContext, env: Record<string, string> = {}) {
  const exporter = memoryExporter();
  const { obs } = observe({ env, tracing: { encodedExporter: exporter, scheduledDelayMs: 5 } });
  const { client, address } = await serve(t, obs, { instrumentClient: true });
  const spans = async () => {
    await obs.flush();
    return exporter.spans();
  };
  return { obs, client, address, spans };
}

const B3_TRACE = '80f198ee56343ba864fe8b2a57d3eff7';
const B3_SPAN = 'e457b5a2e4d86bd1';

function b3Only(): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('X-B3-TraceId', B3_TRACE);
  metadata.set('X-B3-SpanId', B3_SPAN);
  metadata.set('X-B3-Sampled', '1');
  return metadata;
}

test('by default: traceparent out, a B3-only caller starts a new trace', async (t) => {
  const { client, spans } = await setup(t);
  const { reply } = await unary(client, {}, { metadata: b3Only() });
  assert.deepEqual(Object.keys(reply?.received ?? {}).sort(), [
    'traceparent',
    'x-b3-sampled',
    'x-b3-spanid',
    'x-b3-traceid',
  ]);
  const server = (await spans()).find((s) => s.kind === SpanKind.SERVER);
  assert.notEqual(server?.traceId, B3_TRACE);
});

test('OTEL_PROPAGATORS=b3multi,tracecontext: a B3-only caller is continued and both header sets go out', async (t) => {
  const { client, address, spans } = await setup(t, { OTEL_PROPAGATORS: 'b3multi,tracecontext' });
  const bare = newClient(address);
  t.after(() => bare.close());
  await unary(bare, {}, { metadata: b3Only() });
  const [continued] = await spans();
  assert.equal(continued?.traceId, B3_TRACE);
  assert.equal(continued?.parentSpanId, B3_SPAN);
  const { reply } = await unary(client, {});
  const clientSpan = (await spans()).find((s) => s.kind === SpanKind.CLIENT);
  assert.ok(clientSpan);
  const received = reply?.received ?? {};
  assert.equal(received['x-b3-traceid'], clientSpan.traceId);
  assert.equal(received['x-b3-spanid'], clientSpan.spanId);
  assert.equal(received['x-b3-sampled'], '1');
  assert.equal(received.traceparent, `00-${clientSpan.traceId}-${clientSpan.spanId}-01`);
});

test('OTEL_PROPAGATORS=b3: the single b3 header; none: nothing is injected', async (t) => {
  const single = await setup(t, { OTEL_PROPAGATORS: 'b3' });
  const { reply } = await unary(single.client, {});
  assert.match(String(reply?.received?.b3), /^[0-9a-f]{32}-[0-9a-f]{16}-1$/);
  assert.equal(reply?.received?.traceparent, undefined);
  const none = await setup(t, { OTEL_PROPAGATORS: 'none' });
  assert.deepEqual((await unary(none.client, {})).reply?.received, {});
});

test('OTEL_PROPAGATORS with an unsupported name is a problem at construction', () => {
  assert.throws(
    () => observe({ env: { OTEL_PROPAGATORS: 'tracecontext,xray' }, tracing: { encodedExporter: memoryExporter() } }),
    (err: unknown) => err instanceof InvalidOptionsError && /OTEL_PROPAGATORS: "xray" not supported/.test(err.message),
  );
});

test("the application's global propagator wins over the default", async (t) => {
  propagation.setGlobalPropagator(new B3Propagator());
  t.after(() => propagation.disable());
  const { client } = await setup(t, { OTEL_PROPAGATORS: 'tracecontext' });
  const { reply } = await unary(client, {});
  assert.match(String(reply?.received?.b3), /^[0-9a-f]{32}-[0-9a-f]{16}-1$/);
  assert.equal(reply?.received?.traceparent, undefined);
});
