// The server interceptor on a real grpc-js server and client over loopback: every call
// type, and every way a call ends (status, error, throw, deadline, client cancel,
// UNIMPLEMENTED), counted once and with the right code despite grpc-js's onCancel
// firing after every call.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { ServerInterceptingCall, type ServerInterceptingCallInterface } from '@grpc/grpc-js';
import { parseAuthority } from '../src/grpc/authority.js';
import { GRPC_CODE_NAMES, METRICS, OTHER_METHOD } from '../src/index.js';
import { ObservedServerCall, observedCallClass } from '../src/interceptors/observed-server-call.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, sample, series, serve, tick } from './helpers/observe.js';
import { rawUnary } from './helpers/raw-unary.js';
import { newClient, startTestServer, TEST_SERVICE, testServiceDefinition, unary } from './helpers/test-service.js';

const S = METRICS;
const unaryLabels = { grpc_type: 'unary', grpc_service: TEST_SERVICE, grpc_method: 'Unary' };

async function setup(t: import('node:test').TestContext, options: Parameters<typeof observe>[0] = {}) {
  const { obs, lines } = observe(options);
  const { client } = await serve(t, obs);
  return { obs, lines, client };
}

test('a successful unary call is counted once as OK, even after onCancel fires', async (t) => {
  const { obs, client } = await setup(t);
  assert.equal((await unary(client, { text: 'a' })).code, 0);
  await tick(50); // onCancel arrives on a later tick
  assert.equal(await sample(obs, S.serverStarted.name, unaryLabels), 1);
  assert.equal(await sample(obs, S.serverHandled.name, { ...unaryLabels, grpc_code: 'OK' }), 1);
  assert.equal(await sample(obs, S.serverHandled.name), 1);
  assert.equal(await sample(obs, S.serverMsgReceived.name, unaryLabels), 1);
  assert.equal(await sample(obs, S.serverMsgSent.name, unaryLabels), 1);
  assert.equal(await sample(obs, S.serverInFlight.name, unaryLabels), 0);
  assert.equal(await sample(obs, `${S.serverHandlingSeconds.name}_count`, unaryLabels), 1);
});

test('an error returned by the handler is counted with its code in Go spelling', async (t) => {
  const { obs, client } = await setup(t);
  assert.equal((await unary(client, { fail: grpc.status.RESOURCE_EXHAUSTED })).code, grpc.status.RESOURCE_EXHAUSTED);
  await tick();
  assert.equal(await sample(obs, S.serverHandled.name, { ...unaryLabels, grpc_code: 'ResourceExhausted' }), 1);
  assert.equal(await sample(obs, S.serverHandled.name), 1);
  assert.equal(await sample(obs, S.serverMsgSent.name, unaryLabels), 0);
});

test('a handler that throws is counted as Unknown', async (t) => {
  const { obs, client } = await setup(t);
  assert.equal((await unary(client, { throw: true })).code, grpc.status.UNKNOWN);
  await tick();
  assert.equal(await sample(obs, S.serverHandled.name, { ...unaryLabels, grpc_code: 'Unknown' }), 1);
  assert.equal(await sample(obs, S.serverHandled.name), 1);
});

test('a deadline that passes is counted once as DeadlineExceeded, not as the late OK', async (t) => {
  const { obs } = observe();
  let answered = () => {};
  const lateAnswer = new Promise<void>((resolve) => {
    answered = resolve;
  });
  const { address } = await serve(t, obs, { hooks: { onAnswered: () => answered() } });
  // The server's own deadline ends the call: the caller sends grpc-timeout and never
  // cancels (a grpc-js client's cancel could reach a busy server first; see raw-unary.ts).
  // The handler's 300 ms timer starts after the server's 60 ms one, so it always answers late.
  const { code } = await rawUnary(address, `/${TEST_SERVICE}/Unary`, { delayMs: 300 }, { 'grpc-timeout': '60m' });
  assert.equal(code, grpc.status.DEADLINE_EXCEEDED);
  await lateAnswer; // the handler answers late; that answer must not count
  assert.equal(await sample(obs, S.serverHandled.name, { ...unaryLabels, grpc_code: 'DeadlineExceeded' }), 1);
  assert.equal(await sample(obs, S.serverHandled.name), 1);
  assert.equal(await sample(obs, S.serverInFlight.name, unaryLabels), 0);
});

test('a client that cancels a stream is counted as Canceled', async (t) => {
  const { obs, client } = await setup(t);
  const stream = (client.ServerStream as (...a: unknown[]) => grpc.ClientReadableStream<unknown>)({
    count: 1000,
    delayMs: 5,
  });
  stream.on('error', () => {});
  await once(stream, 'data');
  stream.cancel();
  const labels = { grpc_type: 'server_stream', grpc_service: TEST_SERVICE, grpc_method: 'ServerStream' };
  for (let i = 0; i < 100 && (await sample(obs, S.serverHandled.name, labels)) === 0; i++) await tick();
  await tick(100);
  assert.equal(await sample(obs, S.serverHandled.name, { ...labels, grpc_code: 'Canceled' }), 1);
  assert.equal(await sample(obs, S.serverHandled.name), 1);
  assert.equal(await sample(obs, S.serverInFlight.name, labels), 0);
});

test('a method of the service without a handler is counted as Unimplemented', async (t) => {
  const { obs, client } = await setup(t);
  assert.equal((await unary(client, {}, { method: 'Unimplemented' })).code, grpc.status.UNIMPLEMENTED);
  await tick();
  assert.equal(
    await sample(obs, S.serverHandled.name, { grpc_method: 'Unimplemented', grpc_code: 'Unimplemented' }),
    1,
  );
});

test('streams count every message in each direction', async (t) => {
  const { obs, client } = await setup(t);
  const cs = (client.ClientStream as (cb: (e: unknown) => void) => grpc.ClientWritableStream<unknown>)(() => {});
  for (const text of ['a', 'b', 'c']) cs.write({ text });
  cs.end();
  await once(cs, 'status');
  const ss = (client.ServerStream as (r: unknown) => grpc.ClientReadableStream<unknown>)({ count: 4 });
  ss.on('data', () => {});
  await once(ss, 'status');
  const bidi = (client.Bidi as () => grpc.ClientDuplexStream<unknown, unknown>)();
  bidi.on('data', () => {});
  for (const text of ['x', 'y']) bidi.write({ text });
  bidi.end();
  await once(bidi, 'status');
  await tick();
  const of = (type: string, method: string) => ({ grpc_type: type, grpc_service: TEST_SERVICE, grpc_method: method });
  assert.equal(await sample(obs, S.serverMsgReceived.name, of('client_stream', 'ClientStream')), 3);
  assert.equal(await sample(obs, S.serverMsgSent.name, of('client_stream', 'ClientStream')), 1);
  assert.equal(await sample(obs, S.serverMsgReceived.name, of('server_stream', 'ServerStream')), 1);
  assert.equal(await sample(obs, S.serverMsgSent.name, of('server_stream', 'ServerStream')), 4);
  assert.equal(await sample(obs, S.serverMsgReceived.name, of('bidi_stream', 'Bidi')), 2);
  assert.equal(await sample(obs, S.serverMsgSent.name, of('bidi_stream', 'Bidi')), 2);
  for (const [type, method] of [
    ['client_stream', 'ClientStream'],
    ['server_stream', 'ServerStream'],
    ['bidi_stream', 'Bidi'],
  ] as const) {
    assert.equal(await sample(obs, S.serverHandled.name, { ...of(type, method), grpc_code: 'OK' }), 1, method);
  }
});

test('stream errors are counted with their code', async (t) => {
  const { obs, client } = await setup(t);
  const ss = (client.ServerStream as (r: unknown) => grpc.ClientReadableStream<unknown>)({ count: 2, fail: 14 });
  ss.on('data', () => {});
  ss.on('error', () => {});
  // events.once would reject on the 'error' event that precedes the status.
  await new Promise((resolve) => ss.on('status', resolve));
  await tick();
  assert.equal(await sample(obs, S.serverHandled.name, { grpc_method: 'ServerStream', grpc_code: 'Unavailable' }), 1);
});

function healthServer(interceptors: grpc.ServerInterceptor[]) {
  const json = {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: (v: unknown) => Buffer.from(JSON.stringify(v)),
    requestDeserialize: (b: Buffer) => JSON.parse(b.toString()),
    responseSerialize: (v: unknown) => Buffer.from(JSON.stringify(v)),
    responseDeserialize: (b: Buffer) => JSON.parse(b.toString()),
  };
  const definition = { Check: json };
  const server = new grpc.Server({ interceptors });
  server.addService(definition, { Check: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, { status: 1 }) });
  const Client = grpc.makeGenericClientConstructor(definition, 'Health');
  return { server, Client };
}

for (const excluded of [true, false]) {
  test(`health checks are ${excluded ? 'left out by default' : 'counted when exclude.health is false'}`, async (t) => {
    const { obs } = observe(excluded ? {} : { exclude: { health: false } });
    const { server, Client } = healthServer(obs.serverInterceptors);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as Record<
      string,
      (...a: unknown[]) => void
    >;
    t.after(async () => {
      (client as unknown as grpc.Client).close();
      server.forceShutdown();
      await obs.shutdown();
    });
    await new Promise<void>((resolve) => client.Check?.({}, () => resolve()));
    await tick();
    assert.equal(await sample(obs, S.serverStarted.name, { grpc_service: 'grpc.health.v1.Health' }), excluded ? 0 : 1);
  });
}

test('methods beyond maxMethods collapse into one _OTHER label value', async (t) => {
  const { obs, client } = await setup(t, { metrics: { maxMethods: 1 } });
  await unary(client, {});
  await unary(client, {}, { method: 'Unimplemented' });
  await unary(client, {}, { method: 'Unimplemented' });
  await tick();
  assert.equal(await sample(obs, S.serverStarted.name, unaryLabels), 1);
  assert.equal(await sample(obs, S.serverStarted.name, { grpc_service: OTHER_METHOD, grpc_method: OTHER_METHOD }), 2);
  assert.equal(await sample(obs, S.serverStarted.name, { grpc_method: 'Unimplemented' }), 0);
});

test('metadata labels are opt-in, read from the allow-listed key only, and bounded', async (t) => {
  const { obs, client } = await setup(t, { metrics: { metadataLabels: { tenant: 'x-tenant' }, maxLabelValues: 2 } });
  for (const tenant of ['a', 'b', 'c', 'd']) {
    const metadata = new grpc.Metadata();
    metadata.set('x-tenant', tenant);
    metadata.set('x-other', 'ignored');
    await unary(client, {}, { metadata });
  }
  await unary(client, {});
  await tick();
  const tenants = (await series(obs, S.serverStarted.name)).map((l) => l.tenant).sort();
  assert.deepEqual(tenants, ['_OTHER', 'a', 'b']);
  assert.equal(await sample(obs, S.serverStarted.name, { tenant: OTHER_METHOD }), 3);
  assert.ok((await series(obs, S.serverStarted.name)).every((l) => !('x_other' in l)));
});

test('metadata label values longer than maxLabelValueLength, and sets past maxLabelValues, are _OTHER and named in the log', async (t) => {
  const { obs, client, lines } = await setup(t, {
    metrics: { metadataLabels: { tenant: 'x-tenant' }, maxLabelValues: 2, maxLabelValueLength: 8 },
  });
  for (const tenant of ['a', 'much-too-long-tenant', 'b', 'c']) {
    const metadata = new grpc.Metadata();
    metadata.set('x-tenant', tenant);
    await unary(client, {}, { metadata });
  }
  await tick();
  const tenants = (await series(obs, S.serverStarted.name)).map((l) => l.tenant).sort();
  assert.deepEqual(tenants, ['_OTHER', 'a']);
  const told = lines.filter((l) => l['kansoku.component'] === 'metadata_labels').map((l) => String(l.message));
  assert.equal(told.length, 3, told.join('\n'));
  assert.match(
    told[0] as string,
    /tenant="much-too-long-tenant" of \/kansoku\.test\.Echo\/Unary counted as _OTHER: longer than 8 characters/,
  );
  assert.match(told[1] as string, /tenant="b" .* past 2 distinct value sets/);
  assert.match(told[2] as string, /tenant="c" .* past 2 distinct value sets/);
});

test('initializeMetrics: every method of the service has started and handled series at zero for every code before any call', async (t) => {
  const { obs, client } = await setup(t, { exclude: { methods: [`/${TEST_SERVICE}/Bidi`] } });
  obs.initializeMetrics(testServiceDefinition);
  const handled = await series(obs, S.serverHandled.name);
  const methods = [...new Set(handled.map((l) => l.grpc_method))].sort();
  assert.deepEqual(methods, ['ClientStream', 'ServerStream', 'Unary', 'Unimplemented'], 'excluded methods stay out');
  assert.equal(handled.filter((l) => l.grpc_method === 'Unary').length, GRPC_CODE_NAMES.length);
  assert.equal(await sample(obs, S.serverHandled.name), 0);
  assert.equal(await sample(obs, S.serverStarted.name, { grpc_method: 'ServerStream', grpc_type: 'server_stream' }), 0);
  assert.equal(await sample(obs, `${S.serverHandlingSeconds.name}_count`, unaryLabels), 0);
  await unary(client, { fail: grpc.status.INTERNAL });
  await tick();
  assert.equal(await sample(obs, S.serverHandled.name, { ...unaryLabels, grpc_code: 'Internal' }), 1);
  assert.equal(await sample(obs, S.serverHandled.name, { ...unaryLabels, grpc_code: 'OK' }), 0);
});

test('the span and the access line of a call are finished after its status is sent', async (t) => {
  const exporter = memoryExporter();
  const { obs, lines } = observe({ tracing: { encodedExporter: exporter, scheduledDelayMs: 5 } });
  let statusSentAt = 0;
  let linesWhenSent = -1;
  // An interceptor between kansoku and the wire: its sendStatus is the status going out.
  const inner: grpc.ServerInterceptor = (_descriptor, call) =>
    new ServerInterceptingCall(call, {
      sendStatus(status, next) {
        statusSentAt = performance.timeOrigin + performance.now();
        linesWhenSent = lines.filter((l) => l['log.logger'] === 'grpc.access').length;
        next(status);
      },
    });
  // grpc-js wraps the calls in list order, so the first interceptor is the one nearest the wire.
  const server = await startTestServer({ interceptors: [inner, ...obs.serverInterceptors] });
  const client = newClient(server.address);
  t.after(async () => {
    client.close();
    await server.stop();
    await obs.shutdown();
  });
  await unary(client, {});
  await obs.flush();
  const [span] = exporter.spans();
  assert.ok(span && statusSentAt > 0);
  assert.equal(linesWhenSent, 0, 'no access line before the status was sent');
  assert.equal(lines.filter((l) => l['log.logger'] === 'grpc.access').length, 1);
  assert.ok(span.endTimeMs >= statusSentAt, `span ended at ${span.endTimeMs}, status sent at ${statusSentAt}`);
});

test("conventions 'both' adds rpc_server_call_duration_seconds with error_type only for server-fault codes", async (t) => {
  const { obs, client } = await setup(t, { metrics: { conventions: 'both' } });
  await unary(client, {});
  await unary(client, { fail: grpc.status.NOT_FOUND });
  await unary(client, { fail: grpc.status.INTERNAL });
  await tick();
  const name = `${S.rpcServerCallDuration.name}_count`;
  const rows = await series(obs, name);
  const byCode = Object.fromEntries(rows.map((l) => [l.rpc_status_code, l]));
  assert.deepEqual(Object.keys(byCode).sort(), ['INTERNAL', 'NOT_FOUND', 'OK']);
  assert.equal(byCode.OK?.rpc_method, `${TEST_SERVICE}/Unary`);
  assert.equal(byCode.OK?.rpc_system_name, 'grpc');
  assert.equal(byCode.NOT_FOUND?.error_type, undefined);
  assert.equal(byCode.INTERNAL?.error_type, 'INTERNAL');
  assert.equal(await sample(obs, S.serverHandled.name), 3, 'the grpc_* families are still there');
});

test("conventions 'otel' emits only the OpenTelemetry families", async (t) => {
  const { obs, client } = await setup(t, { metrics: { conventions: 'otel' } });
  await unary(client, {});
  await tick();
  assert.equal(await sample(obs, `${S.rpcServerCallDuration.name}_count`), 1);
  assert.equal(obs.registry.getSingleMetric(S.serverHandled.name), undefined);
});

test('custom buckets are used and the histogram can be switched off', async (t) => {
  const { obs, client } = await setup(t, { metrics: { buckets: [0.5, 1] } });
  await unary(client, {});
  await tick();
  const les = (await series(obs, `${S.serverHandlingSeconds.name}_bucket`)).map((l) => String(l.le));
  assert.deepEqual(les, ['0.5', '1', '+Inf']);
  const off = observe({ metrics: { handlingTimeHistogram: false } });
  t.after(() => off.obs.shutdown());
  assert.equal(off.obs.registry.getSingleMetric(S.serverHandlingSeconds.name), undefined);
});

test(':authority becomes server.address and server.port, IPv6 without its brackets', () => {
  assert.deepEqual(parseAuthority('shop.prod:50051'), { address: 'shop.prod', port: 50051 });
  assert.deepEqual(parseAuthority('shop.prod'), { address: 'shop.prod', port: undefined });
  assert.deepEqual(parseAuthority('[::1]:50051'), { address: '::1', port: 50051 });
  assert.deepEqual(parseAuthority('[2001:db8::1]'), { address: '2001:db8::1', port: undefined });
  assert.deepEqual(parseAuthority('2001:db8::1'), { address: '2001:db8::1', port: undefined });
});

test("the observed call has every method of grpc-js's ServerInterceptingCall, and passes through any it lacks", () => {
  assert.equal(observedCallClass(), ObservedServerCall, 'this grpc-js needs no pass-through methods');
  const newer = Object.create(ServerInterceptingCall.prototype, { getNewThing: { value() {} } });
  const Observed = observedCallClass(newer);
  assert.notEqual(Observed, ObservedServerCall);
  const next = { getNewThing: (x: number) => x * 2 } as unknown as ServerInterceptingCallInterface;
  const call = new Observed(
    next,
    { path: '/a/b', requestStream: false, responseStream: false } as never,
    {} as never,
    {} as never,
    undefined,
  );
  assert.equal((call as unknown as { getNewThing(x: number): number }).getNewThing(21), 42);
});
