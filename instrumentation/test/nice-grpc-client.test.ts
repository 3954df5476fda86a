// The nice-grpc client middleware against a real nice-grpc client and the grpc-js test
// service (server interceptors on): the same grpc_client_* series as the grpc-js client
// interceptor for every call type and for failures, a client span whose child is the
// server span, the caller's metadata left untouched, and an abandoned stream counted as a cancel.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type CallOptions, ClientError, createChannel, createClientFactory, Metadata, Status } from 'nice-grpc';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, sample, tick } from './helpers/observe.js';
import {
  startTestServer,
  TEST_SERVICE,
  type TestReply,
  type TestRequest,
  testServiceDefinition,
} from './helpers/test-service.js';

const HANDLED = 'grpc_client_handled_total';
const labels = (type: string, method: string, code: string) => ({
  grpc_type: type,
  grpc_service: TEST_SERVICE,
  grpc_method: method,
  grpc_code: code,
});

// The test service's JSON serializers leave nice-grpc unable to infer message types.
interface TestServiceClient {
  Unary(request: TestRequest, options?: CallOptions): Promise<TestReply>;
  ClientStream(requests: AsyncIterable<TestRequest>): Promise<TestReply>;
  ServerStream(request: TestRequest): AsyncIterable<TestReply>;
  Bidi(requests: AsyncIterable<TestRequest>): AsyncIterable<TestReply>;
}

async function setup(t: TestContext) {
  const exporter = memoryExporter();
  const { obs, lines } = observe({ tracing: { encodedExporter: exporter, scheduledDelayMs: 5 } });
  const server = await startTestServer({ interceptors: obs.serverInterceptors });
  const channel = createChannel(server.address);
  const client = createClientFactory()
    .use(obs.niceGrpcClientMiddleware)
    .create(testServiceDefinition, channel) as unknown as TestServiceClient;
  t.after(async () => {
    channel.close();
    await server.stop();
    await obs.shutdown();
  });
  const spans = async () => {
    await obs.flush();
    return exporter.spans();
  };
  return { obs, lines, client, spans };
}

async function* messages(...requests: TestRequest[]): AsyncIterable<TestRequest> {
  yield* requests;
}

async function collect(stream: AsyncIterable<TestReply>): Promise<string[]> {
  const texts: string[] = [];
  for await (const reply of stream) texts.push(reply.text);
  return texts;
}

test('every call type is counted in the grpc_client_* series, messages included', async (t) => {
  const { obs, client } = await setup(t);
  assert.equal((await client.Unary({ text: 'u' })).text, 'u');
  assert.equal((await client.ClientStream(messages({ text: 'a' }, { text: 'b' }))).text, 'a,b');
  assert.deepEqual(await collect(client.ServerStream({ count: 3 })), ['0', '1', '2']);
  assert.deepEqual(await collect(client.Bidi(messages({ text: 'x' }, { text: 'y' }))), ['x', 'y']);
  await tick();
  assert.equal(await sample(obs, HANDLED, labels('unary', 'Unary', 'OK')), 1);
  assert.equal(await sample(obs, HANDLED, labels('client_stream', 'ClientStream', 'OK')), 1);
  assert.equal(await sample(obs, HANDLED, labels('server_stream', 'ServerStream', 'OK')), 1);
  assert.equal(await sample(obs, HANDLED, labels('bidi_stream', 'Bidi', 'OK')), 1);
  assert.equal(await sample(obs, 'grpc_client_started_total'), 4);
  assert.equal(await sample(obs, 'grpc_client_msg_sent_total', { grpc_method: 'ClientStream' }), 2);
  assert.equal(await sample(obs, 'grpc_client_msg_received_total', { grpc_method: 'ServerStream' }), 3);
  assert.equal(await sample(obs, 'grpc_client_msg_sent_total', { grpc_method: 'Bidi' }), 2);
  assert.equal(await sample(obs, 'grpc_client_msg_received_total', { grpc_method: 'Bidi' }), 2);
  assert.equal(await sample(obs, 'grpc_client_in_flight_calls'), 0);
});

test('a failed call is counted with its code and rethrown unchanged', async (t) => {
  const { obs, client } = await setup(t);
  await assert.rejects(
    client.Unary({ fail: Status.NOT_FOUND }),
    (err) => err instanceof ClientError && err.code === Status.NOT_FOUND,
  );
  await assert.rejects(collect(client.ServerStream({ count: 1, fail: Status.UNAVAILABLE })), ClientError);
  await tick();
  assert.equal(await sample(obs, HANDLED, labels('unary', 'Unary', 'NotFound')), 1);
  assert.equal(await sample(obs, HANDLED, labels('server_stream', 'ServerStream', 'Unavailable')), 1);
});

test('a response stream the caller stops reading is counted as Canceled', async (t) => {
  const { obs, client } = await setup(t);
  for await (const reply of client.ServerStream({ count: 50, delayMs: 5 })) {
    assert.equal(reply.text, '0');
    break;
  }
  await tick(50);
  assert.equal(await sample(obs, HANDLED, labels('server_stream', 'ServerStream', 'Canceled')), 1);
});

test('the client span is the parent of the server span; the caller metadata is not written to', async (t) => {
  const { client, spans } = await setup(t);
  const shared = Metadata({ 'x-team': 'checkout' });
  const reply = await client.Unary({ text: 'u' }, { metadata: shared });
  assert.deepEqual([...shared], [['x-team', ['checkout']]], 'traceparent went into a copy');
  await assert.rejects(client.Unary({ fail: Status.INTERNAL }));
  const all = await spans();
  const clientSpans = all.filter((s) => s.kind === SpanKind.CLIENT);
  const okClient = clientSpans.find((s) => s.attributes['rpc.status_code'] === 'OK');
  const failedClient = clientSpans.find((s) => s.attributes['rpc.status_code'] === 'INTERNAL');
  assert.equal(clientSpans.length, 2);
  assert.equal(okClient?.name, `${TEST_SERVICE}/Unary`);
  assert.equal(okClient?.statusCode, SpanStatusCode.UNSET);
  assert.equal(failedClient?.statusCode, SpanStatusCode.ERROR);
  const server = all.find((s) => s.kind === SpanKind.SERVER && s.traceId === okClient?.traceId);
  assert.equal(server?.parentSpanId, okClient?.spanId);
  assert.equal(reply.traceparent, `00-${okClient?.traceId}-${okClient?.spanId}-01`);
});
