// The HTTP endpoint: /metrics in the format asked for, /healthz, /readyz turning 503 when
// shutdown starts, the bound port readable when port 0 was asked for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { startMetricsEndpoint } from '../src/metrics/endpoint.js';
import { observe } from './helpers/observe.js';

test('port 0: obs.ready gives the bound port and URL; /metrics, /healthz and /readyz answer', async (t) => {
  const { obs } = observe({ metrics: { port: 0, host: '127.0.0.1', runtimeMetrics: true } });
  t.after(() => obs.shutdown());
  const { metricsPort, metricsUrl } = await obs.ready;
  assert.ok(metricsPort && metricsPort > 0);
  assert.equal(metricsUrl, `http://127.0.0.1:${metricsPort}/metrics`);
  const text = await fetch(metricsUrl);
  assert.equal(text.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const body = await text.text();
  assert.match(
    body,
    /^kansoku_build_info\{service_name="test-service",service_version="9\.9\.9",kansoku_version="[^"]+"\} 1$/m,
  );
  assert.match(body, /^process_cpu_user_seconds_total /m);
  const om = await fetch(metricsUrl, { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
  assert.match(String(om.headers.get('content-type')), /^application\/openmetrics-text/);
  assert.match(await om.text(), /# EOF\n$/);
  const base = `http://127.0.0.1:${metricsPort}`;
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  assert.equal((await fetch(`${base}/nothing`)).status, 404);
});

test('/readyz answers 503 once the service is shutting down', async (t) => {
  let ready = true;
  const endpoint = startMetricsEndpoint({
    port: 0,
    host: '127.0.0.1',
    registry: new Registry(),
    isReady: () => ready,
    reporter: { report: () => assert.fail('nothing to report') },
  });
  t.after(() => endpoint.close());
  const port = await endpoint.listening;
  assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
  ready = false;
  assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 503);
  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
});

test('metrics: false serves nothing and records no call metrics', async (t) => {
  const { obs } = observe({ metrics: false });
  t.after(() => obs.shutdown());
  assert.deepEqual(await obs.ready, { metricsPort: undefined, metricsUrl: undefined });
  assert.equal(obs.registry.getSingleMetric('grpc_server_started_total'), undefined);
});

test('shutdown right after construction still closes the endpoint once it has bound', async () => {
  const { obs } = observe({ metrics: { port: 0, host: '127.0.0.1' } });
  await obs.shutdown();
  const { metricsPort } = await obs.ready;
  assert.ok(metricsPort);
  await assert.rejects(fetch(`http://127.0.0.1:${metricsPort}/healthz`));
});
