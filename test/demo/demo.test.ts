// The demo against a real Prometheus: it scrapes the shop over OpenMetrics, and what
// PromQL reports per method and code matches the calls the demo made, as the callers saw
// them (calls given up on may carry the handler's code, see below). Exemplars scraped from the handling-time histogram carry trace ids.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { STOP_GRACE_MS, startDemo } from '../../src/demo/demo.js';
import { loadShop } from '../../src/demo/proto.js';
import { isInstalled } from '../services/paths.js';
import { freePort } from '../services/ports.js';
import { type PrometheusService, startPrometheus } from '../services/prometheus.js';

const skip = isInstalled('prometheus') ? false : 'Prometheus is not installed (bash test/services/install.sh)';

// Log lines are not what this file looks at; keep them off the test output.
const discard = new Writable({ write: (_chunk, _enc, cb) => cb() });

test('Prometheus scrapes the demo and counts every call made, per method and code', { skip }, async (t) => {
  const demo = await startDemo({
    rate: 100,
    calls: 300,
    seed: 7,
    logDestination: discard as never,
    tracingEndpoint: undefined,
  });
  let prometheus: PrometheusService | undefined;
  t.after(async () => {
    await demo.stop();
    await prometheus?.stop();
  });
  prometheus = await startPrometheus({
    scrape: [{ job: 'demo', targets: [new URL(demo.metricsUrl).host] }],
    scrapeInterval: '1s',
    exemplars: true,
  });
  await demo.loadDone;
  const made = demo.calls();
  const expected = Object.values(made).reduce(
    (sum, byCode) => sum + Object.values(byCode).reduce((a, b) => a + b, 0),
    0,
  );
  assert.ok(expected >= 300, `the demo made ${expected} calls`);
  // The live summary's figures agree with the calls made.
  const stats = await demo.stats();
  assert.equal(stats.calls, expected);
  const failed: Record<string, number> = {};
  for (const byCode of Object.values(made))
    for (const [code, n] of Object.entries(byCode)) if (code !== 'OK') failed[code] = (failed[code] ?? 0) + n;
  assert.deepEqual(stats.failuresByCode, failed);
  assert.ok(stats.p99Ms !== undefined && stats.p99Ms > 0);
  assert.equal(stats.spansExported, undefined, 'no tracing, no span count');

  // Per method, every call is counted once at most. A call its caller gave up on (deadline
  // passed, or cancelled) races the handler: the server counts it Canceled or DeadlineExceeded
  // if it noticed first, else with the code the handler finished with; and on a loaded machine
  // the caller's deadline can pass before the call reaches the server at all, which then never
  // counts it (a run at load 15 counted 206 of 207 GetProduct calls and waited its 30 s for
  // the last one: the test used to ask for exactly one count per call). Every other code the caller saw is counted at least as often on the
  // server, and at most that plus the calls given up on.
  const GAVE_UP = ['DeadlineExceeded', 'Canceled'];
  const total = (byCode: Record<string, number> | undefined) => Object.values(byCode ?? {}).reduce((a, b) => a + b, 0);
  const gaveUpOn = (byCode: Record<string, number>) => GAVE_UP.reduce((sum, code) => sum + (byCode[code] ?? 0), 0);
  let rows: { metric: Record<string, string>; value: [number, string] }[] = [];
  let scraped: Record<string, Record<string, number>> = {};
  const scrape = async () => {
    rows = await prometheus.query('sum by (grpc_method, grpc_code) (grpc_server_handled_total{job="demo"})');
    scraped = {};
    for (const row of rows) {
      const method = row.metric.grpc_method as string;
      scraped[method] ??= {};
      (scraped[method] as Record<string, number>)[row.metric.grpc_code as string] = Number(row.value[1]);
    }
  };
  // Every call that got an answer is counted (the given-up ones may still be running their handler).
  const answeredCounted = () =>
    Object.entries(made).every(([method, byCode]) =>
      Object.entries(byCode).every(([code, n]) => GAVE_UP.includes(code) || (scraped[method]?.[code] ?? 0) >= n),
    );
  // Wait for a scrape that has seen every call, or, once every answered call is counted, a few
  // more scrapes for the given-up calls whose handlers were still running.
  const deadline = Date.now() + 30_000;
  let answeredAt: number | undefined;
  while (Date.now() < deadline) {
    await scrape();
    if (rows.reduce((sum, r) => sum + Number(r.value[1]), 0) >= expected) break;
    if (answeredCounted()) {
      answeredAt ??= Date.now();
      if (Date.now() - answeredAt > 5_000) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const sorted = (o: Record<string, Record<string, number>>) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((m) => [
          m,
          Object.fromEntries(Object.entries(o[m] as Record<string, number>).sort(([a], [b]) => a.localeCompare(b))),
        ]),
    );
  assert.deepEqual(Object.keys(scraped).sort(), Object.keys(made).sort());
  for (const [method, byCode] of Object.entries(made)) {
    const server = scraped[method] ?? {};
    const gaveUp = gaveUpOn(byCode);
    const what = `${method}: calls counted ${JSON.stringify(sorted(scraped)[method])}, made ${JSON.stringify(byCode)}`;
    assert.ok(total(server) <= total(byCode), `${what}: more than were made`);
    assert.ok(total(server) >= total(byCode) - gaveUp, `${what}: calls answered but not counted`);
    for (const code of new Set([...Object.keys(byCode), ...Object.keys(server)])) {
      if (GAVE_UP.includes(code)) continue;
      const seen = byCode[code] ?? 0;
      const counted = server[code] ?? 0;
      assert.ok(
        counted >= seen && counted <= seen + gaveUp,
        `${method} ${code}: the callers saw ${seen}, the server counted ${counted} (${gaveUp} calls given up on)`,
      );
    }
  }
  // The demo exercises every call type and several failure codes.
  const types = await prometheus.query('count by (grpc_type) (grpc_server_started_total{job="demo"})');
  assert.deepEqual(types.map((r) => r.metric.grpc_type).sort(), [
    'bidi_stream',
    'client_stream',
    'server_stream',
    'unary',
  ]);
  // The server counts every code its handlers end with; the given-up codes are the callers'
  // (a busy server may finish every cancelled call before it hears of the cancel, and count
  // it with the handler's code: a run at load 9 counted no Canceled at all).
  const codes = new Set(rows.map((r) => r.metric.grpc_code));
  for (const code of ['OK', 'NotFound', 'Unknown']) assert.ok(codes.has(code), `the server counted ${code}`);
  const callersSaw = new Set(Object.values(made).flatMap((byCode) => Object.keys(byCode)));
  for (const code of GAVE_UP) assert.ok(callersSaw.has(code), `a caller saw ${code}`);
  // Nothing is left in flight once the load has ended.
  const inFlight = await prometheus.query('sum(grpc_server_in_flight_calls{job="demo"})');
  assert.equal(Number(inFlight[0]?.value[1]), 0);
});

const listen = (server: Server, port = 0) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });

test('a demo that cannot open its metrics port fails, leaving its gRPC port and endpoints closed', async () => {
  const holder = createServer();
  const takenPort = await listen(holder);
  const grpcPort = await freePort();
  try {
    await assert.rejects(
      startDemo({ metricsPort: takenPort, grpcPort, rate: 0, logDestination: discard as never }),
      /could not open its metrics endpoints/,
    );
    // The shop's gRPC port is free again (a server left bound would also keep this process alive).
    const again = createServer();
    assert.equal(await listen(again, grpcPort), grpcPort);
    await new Promise((resolve) => again.close(resolve));
  } finally {
    holder.close();
  }
});

test('stop() ends even while a caller of its own holds a stream open', async () => {
  const demo = await startDemo({ rate: 0, logDestination: discard as never });
  const { Client } = loadShop();
  const outsider = new Client(demo.grpcAddress, grpc.credentials.createInsecure()) as unknown as Record<
    string,
    () => grpc.ClientDuplexStream<unknown, unknown>
  >;
  const stream = (outsider.TrackOrders as () => grpc.ClientDuplexStream<unknown, unknown>)();
  stream.on('error', () => {});
  stream.on('data', () => {});
  stream.write({ orderId: 'o-1' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  const stopped = await Promise.race([
    demo.stop().then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), STOP_GRACE_MS + 3_000)),
  ]);
  (outsider as unknown as grpc.Client).close();
  assert.equal(stopped, true, `stop() still waiting after ${Date.now() - started} ms`);
});
