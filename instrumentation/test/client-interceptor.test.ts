// The client interceptor against a real (uninstrumented) grpc-js server: the grpc_client_*
// families per call type and code, traceparent injection, and calls made with tracing
// suppressed (an exporter's own calls) left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { suppressTracing } from '@opentelemetry/core';
import { METRICS } from '../src/index.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, sample, serve, tick } from './helpers/observe.js';
import { TEST_SERVICE, unary } from './helpers/test-service.js';

const S = METRICS;

async function setup(t: import('node:test').TestContext, options: Parameters<typeof observe>[0] = {}) {
  const { obs, lines } = observe(options);
  const { client } = await serve(t, obs, { instrumentServer: false, instrumentClient: true });
  return { obs, lines, client };
}

test('unary calls: started, handled per code, and no received message for a failed call', async (t) => {
  const { obs, client } = await setup(t);
  await unary(client, {});
  await unary(client, { fail: grpc.status.NOT_FOUND });
  await unary(client, { delayMs: 300 }, { deadlineMs: 50 });
  const labels = { grpc_type: 'unary', grpc_service: TEST_SERVICE, grpc_method: 'Unary' };
  assert.equal(await sample(obs, S.clientStarted.name, labels), 3);
  assert.equal(await sample(obs, S.clientHandled.name, { ...labels, grpc_code: 'OK' }), 1);
  assert.equal(await sample(obs, S.clientHandled.name, { ...labels, grpc_code: 'NotFound' }), 1);
  assert.equal(await sample(obs, S.clientHandled.name, { ...labels, grpc_code: 'DeadlineExceeded' }), 1);
  assert.equal(await sample(obs, S.clientMsgSent.name, labels), 3);
  assert.equal(await sample(obs, S.clientMsgReceived.name, labels), 1);
  assert.equal(await sample(obs, S.clientInFlight.name, labels), 0);
  assert.equal(await sample(obs, `${S.clientHandlingSeconds.name}_count`, labels), 3);
});

test('streaming calls count messages both ways, and a local cancel is Canceled', async (t) => {
  const { obs, client } = await setup(t);
  const ss = (client.ServerStream as (r: unknown) => grpc.ClientReadableStream<unknown>)({ count: 3 });
  ss.on('data', () => {});
  await new Promise((resolve) => ss.on('status', resolve));
  const bidi = (client.Bidi as () => grpc.ClientDuplexStream<unknown, unknown>)();
  bidi.on('data', () => {});
  bidi.write({ text: 'a' });
  bidi.write({ text: 'b' });
  bidi.end();
  await new Promise((resolve) => bidi.on('status', resolve));
  const cancelled = (client.ServerStream as (r: unknown) => grpc.ClientReadableStream<unknown>)({
    count: 1000,
    delayMs: 5,
  });
  cancelled.on('error', () => {});
  cancelled.once('data', () => cancelled.cancel());
  await new Promise((resolve) => cancelled.on('status', resolve));
  await tick();
  assert.equal(
    await sample(obs, S.clientMsgReceived.name, { grpc_type: 'server_stream', grpc_method: 'ServerStream' }),
    3 + 1,
  );
  assert.equal(await sample(obs, S.clientMsgSent.name, { grpc_type: 'bidi_stream' }), 2);
  assert.equal(await sample(obs, S.clientMsgReceived.name, { grpc_type: 'bidi_stream' }), 2);
  assert.equal(await sample(obs, S.clientHandled.name, { grpc_method: 'ServerStream', grpc_code: 'Canceled' }), 1);
  assert.equal(await sample(obs, S.clientHandled.name, { grpc_method: 'Bidi', grpc_code: 'OK' }), 1);
});

test('with tracing on, the client injects a W3C traceparent naming its span', async (t) => {
  const exporter = memoryExporter();
  const { obs, client } = await setup(t, { tracing: { encodedExporter: exporter, scheduledDelayMs: 5 } });
  const { reply } = await unary(client, {});
  assert.match(String(reply?.traceparent), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  await obs.flush();
  const [span] = exporter.spans();
  assert.ok(span);
  assert.equal(reply?.traceparent, `00-${span.traceId}-${span.spanId}-01`);
});

test('calls made while tracing is suppressed are neither counted nor traced', async (t) => {
  // Only a global context manager can make a suppressed context active; the test sets one
  // (the library never does) and removes it afterwards.
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  t.after(() => {
    context.disable();
  });
  const exporter = memoryExporter();
  const { obs, client } = await setup(t, { tracing: { encodedExporter: exporter, scheduledDelayMs: 5 } });
  const reply = await context.with(suppressTracing(context.active()), () => unary(client, {}));
  assert.equal(reply.code, 0);
  assert.equal(reply.reply?.traceparent, '');
  assert.equal(await sample(obs, S.clientStarted.name), 0);
  await obs.flush();
  assert.equal(exporter.spans().length, 0);
});
