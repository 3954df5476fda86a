// The OTLP/gRPC exporter notices a half-open connection by its HTTP/2 PINGs: between the
// exporter and a collector sits a TCP relay that can stop forwarding without closing anything
// (what a vanished node or a dropped NAT entry looks like from the client). An export on it
// sends a PING with its call; unanswered, it closes the session, and the retry opens a new
// connection and succeeds, instead of waiting out the export timeout on the dead one.
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { createTraceEncoder } from '../src/tracing/otlp/encode-traces.js';
import { createOtlpGrpcExporter } from '../src/tracing/otlp/grpc-exporter.js';
import { featureSpans } from './helpers/finished-spans.js';
import { scriptedGrpcCollector } from './helpers/scripted-collectors.js';
import { until } from './helpers/until.js';

const encoder = createTraceEncoder({ 'service.name': 'keepalive-test' }, { name: 'test', version: '0' });
const batch = () => {
  const { spans } = featureSpans(51, 2);
  return { request: encoder.encode(spans), spanCount: spans.length };
};

interface Relay {
  port: number;
  /** Client-side sockets, in order, with whether the client closed them. */
  connections: { socket: Socket; closed: boolean }[];
  /** Stop forwarding, silently, in both directions. */
  blackhole(on: boolean): void;
  close(): Promise<void>;
}

async function relay(upstreamPort: number): Promise<Relay> {
  let dropping = false;
  const connections: Relay['connections'] = [];
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const entry = { socket: client, closed: false };
    connections.push(entry);
    const upstream = connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => {});
    }
    client.on('data', (chunk) => dropping || upstream.write(chunk));
    upstream.on('data', (chunk) => dropping || client.write(chunk));
    client.on('close', () => {
      entry.closed = true;
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections,
    blackhole: (on) => {
      dropping = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

test('an unanswered PING closes a half-open connection; the call is retried on a new one and succeeds', async (t) => {
  const collector = await scriptedGrpcCollector(['ok']);
  const upstreamPort = Number(new URL(collector.endpoint).port);
  const between = await relay(upstreamPort);
  const exporter = createOtlpGrpcExporter({
    endpoint: `http://127.0.0.1:${between.port}`,
    headers: {},
    timeoutMs: 60_000,
    keepaliveMs: 200,
    // Long enough that a loaded machine answering late is not taken for a dead path.
    keepaliveTimeoutMs: 1_000,
    retry: { initialBackoffMs: 50, maxBackoffMs: 200, multiplier: 1.5, jitter: 0.2 },
  });
  t.after(async () => {
    await exporter.shutdown();
    await between.close();
    await collector.stop();
  });

  assert.deepEqual(await exporter.export(batch()), { rejectedSpans: 0, message: undefined });
  // The path goes silent without closing anything, then an export is made on it: without
  // PINGs it would wait out its 60 s timeout.
  between.blackhole(true);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const second = exporter.export(batch());
  await until('the exporter to close the half-open connection', () => between.connections[0]?.closed === true);
  // The retry's new connection opens while the path is still silent (its first bytes are
  // lost too): it must be given up in the same way, not waited on.
  await until('the retry to open a new connection', () => between.connections.length >= 2);
  await new Promise((resolve) => setTimeout(resolve, 100));
  between.blackhole(false);
  assert.deepEqual(await second, { rejectedSpans: 0, message: undefined });
  assert.ok(between.connections.length >= 3, `${between.connections.length} connections`);
  // OTLP export is at least once: on a loaded machine the retry's connection can be given up
  // just after its request got through, and the export is then sent once more.
  assert.ok(collector.arrivals.length >= 2, `${collector.arrivals.length} exports arrived`);
});

test('a healthy connection is kept: PINGs are answered, one connection serves every export', async (t) => {
  const collector = await scriptedGrpcCollector(['ok']);
  const between = await relay(Number(new URL(collector.endpoint).port));
  const exporter = createOtlpGrpcExporter({
    endpoint: `http://127.0.0.1:${between.port}`,
    headers: {},
    timeoutMs: 10_000,
    keepaliveMs: 50,
    keepaliveTimeoutMs: 2_000,
  });
  t.after(async () => {
    await exporter.shutdown();
    await between.close();
    await collector.stop();
  });
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(await exporter.export(batch()), { rejectedSpans: 0, message: undefined });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(between.connections.length, 1);
  assert.equal(collector.arrivals.length, 5);
});
