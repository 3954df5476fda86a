// What `kansoku check --prometheus` reports, asked of a real Prometheus that scrapes a Go
// service without the latency histogram, one with other buckets than the SLO's threshold, and
// a kubelet scraped without prometheus-operator (no metrics_path label).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { prometheusFindings } from '../../src/check/findings.js';
import type { KansokuConfig } from '../../src/config/kansoku-config.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { createPrometheusApi } from '../../src/prometheus/http-api.js';
import { goServiceExposition, serveExposition } from '../fixtures/go-grpc-service.js';
import { isInstalled } from '../services/paths.js';
import { closedPort } from '../services/ports.js';
import { type PrometheusService, startPrometheus } from '../services/prometheus.js';

const installed = isInstalled('prometheus');
const SKIP = !installed && 'Prometheus is not installed: run `npm run services:install`';

const fixtures: Awaited<ReturnType<typeof serveExposition>>[] = [];
let prometheus: PrometheusService | undefined;

function config(document: unknown): KansokuConfig {
  const { config: c, problems } = resolveConfig(document);
  assert.deepEqual(problems, []);
  assert.ok(c);
  return c;
}

before(async () => {
  const checkout = await serveExposition((n) =>
    goServiceExposition({ grpcService: 'checkout.v1.Checkout', method: 'PlaceOrder' }, n),
  );
  const cart = await serveExposition((n) =>
    goServiceExposition({ grpcService: 'cart.v1.Cart', method: 'GetCart', histogramBuckets: [0.1, 0.5, 1] }, n),
  );
  const kubelet = await serveExposition(() => '# TYPE kubelet_running_pods gauge\nkubelet_running_pods 3\n');
  fixtures.push(checkout, cart, kubelet);
  if (!installed) return;
  prometheus = await startPrometheus({
    scrape: [
      { job: 'checkout', targets: [checkout.target] },
      { job: 'cart', targets: [cart.target] },
      { job: 'kubelet', targets: [kubelet.target] },
    ],
  });
  await prometheus.waitForTargetsUp();
});

after(async () => {
  await prometheus?.stop();
  for (const f of fixtures) f.close();
});

test('selectors that match nothing, with the metrics_path hint where series exist without it', {
  skip: SKIP,
}, async () => {
  assert.ok(prometheus);
  const findings = await prometheusFindings(config({}), createPrometheusApi({ url: prometheus.url }).query);
  const selectors = findings.filter((f) => f.startsWith('selectors.') && f.includes('matches no series'));
  assert.deepEqual(
    selectors.map((f) => f.slice(0, f.indexOf(':'))),
    ['selectors.kubeStateMetrics', 'selectors.kubelet', 'selectors.cadvisor', 'selectors.apiserver'],
  );
  const kubelet = selectors.find((f) => f.startsWith('selectors.kubelet:'));
  assert.match(kubelet ?? '', /series match job="kubelet" but carry no such metrics_path label/);
  assert.doesNotMatch(selectors.find((f) => f.startsWith('selectors.apiserver:')) ?? '', /metrics_path/);
  // The optional components' groups are off by default: their selectors are not asked about.
  assert.ok(!findings.some((f) => /selectors\.(fluentd|forwarder|elasticsearchExporter)/.test(f)));
});

test('SLO services without traffic, without the histogram, or without the threshold’s bucket', {
  skip: SKIP,
}, async () => {
  assert.ok(prometheus);
  const findings = await prometheusFindings(
    config({
      alerts: {
        groups: {
          'kubernetes-apps': false,
          'kubernetes-resources': false,
          'kubernetes-storage': false,
          'kubernetes-system': false,
          'kubernetes-system-apiserver': false,
          'kubernetes-system-kubelet': false,
        },
      },
      slos: [
        {
          service: 'checkout.v1.Checkout',
          availability: { objective: 99.9 },
          latency: { objective: 99, threshold: 0.25 },
        },
        { service: 'cart.v1.Cart', name: 'cart', latency: { objective: 99, threshold: 0.25 } },
        { service: 'ghost.v1.Ghost', name: 'ghost', availability: { objective: 99 } },
      ],
    }),
    createPrometheusApi({ url: prometheus.url }).query,
  );
  assert.deepEqual(findings, [
    'slos (checkout.v1.checkout-latency): service checkout.v1.Checkout exports no grpc_server_handling_seconds histogram, so its latency SLO has no data (Go: go-grpc-middleware records it only with WithServerHandlingTimeHistogram)',
    'slos (cart-latency): latency threshold 0.25 is not a bucket service cart.v1.Cart exports; its buckets are 0.1, 0.5, 1',
    'slos (ghost-availability): service ghost.v1.Ghost has no traffic: no grpc_server_handled_total{job=~".+", grpc_service="ghost.v1.Ghost"} series',
    'selectors.grpcServices: service checkout.v1.Checkout exports no grpc_server_handling_seconds histogram, so its latency panels show no data',
  ]);
});

test('an unreachable Prometheus is one clear error', async () => {
  const { query } = createPrometheusApi({ url: `http://127.0.0.1:${await closedPort()}` });
  await assert.rejects(query('up'), /cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+/);
});
