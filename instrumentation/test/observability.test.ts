// createObservability as a whole: its own failures never reach a call, shutdown flushes
// and can be called twice, and a registry brought by the service is shared.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { MethodTable } from '../src/grpc/method-table.js';
import { ERROR_CODES, InvalidOptionsError, METRICS } from '../src/index.js';
import { createServerInterceptor } from '../src/interceptors/server-interceptor.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, sample } from './helpers/observe.js';
import { newClient, startTestServer, unary } from './helpers/test-service.js';

test('shutdown exports the queued spans, closes the endpoint, and can be called twice', async () => {
  const exporter = memoryExporter();
  const { obs } = observe({
    tracing: { encodedExporter: exporter, scheduledDelayMs: 60_000 },
    metrics: { port: 0, host: '127.0.0.1' },
  });
  const server = await startTestServer({ interceptors: obs.serverInterceptors });
  const client = newClient(server.address);
  await unary(client, {});
  client.close();
  await server.stop();
  const { metricsUrl } = await obs.ready;
  assert.equal(exporter.spans().length, 0, 'still queued');
  await Promise.all([obs.shutdown(), obs.shutdown()]);
  assert.equal(exporter.spans().length, 1);
  await assert.rejects(fetch(String(metricsUrl)));
});

test('a metric of the service whose collect throws: /metrics answers 500, counted and logged once', async (t) => {
  const { obs, lines } = observe({ metrics: { port: 0, host: '127.0.0.1' } });
  t.after(() => obs.shutdown());
  new Gauge({
    name: 'broken_gauge',
    help: 'Throws when collected.',
    registers: [obs.registry],
    collect() {
      throw new Error('collect failed');
    },
  });
  const { metricsUrl } = await obs.ready;
  assert.equal((await fetch(String(metricsUrl))).status, 500);
  assert.equal((await fetch(String(metricsUrl))).status, 500);
  await obs.flush();
  const reports = lines.filter((l) => l['error.code'] === ERROR_CODES.metricsRender);
  assert.equal(reports.length, 1);
  assert.equal(reports[0]?.['error.message'], 'collect failed');
  obs.registry.removeSingleMetric('broken_gauge');
  assert.equal(await sample(obs, METRICS.instrumentationErrors.name, { component: 'metrics_endpoint' }), 2);
});

test('a failure inside the server interceptor is reported and the call goes through untouched', async (t) => {
  const reports: string[] = [];
  const table = new MethodTable({
    maxMethods: 10,
    isExcluded: () => {
      throw new Error('exclusion rule broke');
    },
  });
  const interceptor = createServerInterceptor({
    table,
    metrics: undefined,
    tracing: undefined,
    scope: undefined,
    accessLog: undefined,
    exemplars: false,
    reporter: { report: (component, code) => reports.push(`${component} ${code}`) },
  });
  const server = await startTestServer({ interceptors: [interceptor] });
  const client = newClient(server.address);
  t.after(async () => {
    client.close();
    await server.stop();
  });
  assert.equal((await unary(client, { text: 'fine' })).reply?.text, 'fine');
  assert.deepEqual(reports, [`server_interceptor ${ERROR_CODES.interceptor}`]);
});

test('a registry brought by the service is used, and its runtime metrics are not registered twice', async (t) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { obs } = observe({ metrics: { registry, runtimeMetrics: true } });
  t.after(() => obs.shutdown());
  assert.equal(obs.registry, registry);
  assert.ok(registry.getSingleMetric(METRICS.serverStarted.name));
  assert.ok(registry.getSingleMetric(METRICS.buildInfo.name));
});

test('a registry already used by another createObservability is an options problem, not a prom-client error', (t) => {
  const registry = new Registry();
  const { obs } = observe({ metrics: { registry } });
  t.after(() => obs.shutdown());
  assert.throws(
    () => observe({ metrics: { registry } }),
    (err: unknown) =>
      err instanceof InvalidOptionsError &&
      err.problems.length === 1 &&
      /options\.metrics\.registry already holds kansoku_build_info/.test(err.problems[0] ?? ''),
  );
});
