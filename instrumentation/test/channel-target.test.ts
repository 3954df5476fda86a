// The channel target a client span names in server.address: grpc-js target URIs parsed to
// host and port, and obs.clientOptions carrying the target to the interceptor of a real call
// (server.address the host name called, network.peer.address the address reached).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { parseTarget } from '../src/interceptors/channel-target.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, serve } from './helpers/observe.js';
import { newClient, unary } from './helpers/test-service.js';

test('grpc-js target URIs give host and port', () => {
  const cases: [string, string, number | undefined][] = [
    ['dns:checkout.shop.svc:50051', 'checkout.shop.svc', 50051],
    ['dns:///checkout.shop.svc:443', 'checkout.shop.svc', 443],
    ['dns://8.8.8.8/checkout.shop.svc:443', 'checkout.shop.svc', 443],
    ['checkout:50051', 'checkout', 50051],
    ['127.0.0.1:50051', '127.0.0.1', 50051],
    ['ipv4:10.0.0.1:50051,10.0.0.2:50051', '10.0.0.1', 50051],
    ['ipv6:[::1]:50051', '::1', 50051],
    ['[::1]:50051', '::1', 50051],
    ['unix:/run/app.sock', '/run/app.sock', undefined],
    ['dns:checkout', 'checkout', undefined],
  ];
  for (const [target, address, port] of cases) assert.deepEqual(parseTarget(target), { address, port }, target);
});

test('with obs.clientOptions, a client span names the target host in server.address and the peer in network.peer.address', async (t) => {
  const exporter = memoryExporter();
  const { obs } = observe({ tracing: { encodedExporter: exporter, scheduledDelayMs: 5 } });
  const { address } = await serve(t, obs, { instrumentServer: false });
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  const byName = newClient(`dns:localhost:${port}`, { ...obs.clientOptions });
  const plain = newClient(address, { interceptors: obs.clientInterceptors });
  t.after(() => {
    byName.close();
    plain.close();
  });
  assert.equal((await unary(byName, {})).code, 0);
  assert.equal((await unary(plain, {})).code, 0);
  await obs.flush();
  const [named, fallback] = exporter.spans().filter((s) => s.kind === SpanKind.CLIENT);
  assert.equal(named?.attributes['server.address'], 'localhost');
  assert.equal(named?.attributes['server.port'], port);
  assert.equal(named?.attributes['network.peer.address'], '127.0.0.1');
  assert.equal(named?.attributes['network.peer.port'], port);
  // Without the target (clientInterceptors alone) the address reached stands in for it.
  assert.equal(fallback?.attributes['server.address'], '127.0.0.1');
  assert.equal(fallback?.attributes['network.peer.address'], '127.0.0.1');
});
