// Catalogue-shaped series for every upstream family, served to a real Prometheus: every
// Kubernetes and log pipeline query must return data, so that its selectors, filters and
// the joins between exporters (`and on (namespace, persistentvolumeclaim)`, usage over
// requests) line up with the labels the catalogue promises. What the real exporters give is
// checked elsewhere: real-exporters.test.ts runs the same queries on a real cluster's
// kube-state-metrics and API server and a real elasticsearch_exporter, and
// test/catalog/upstream/real-exporters.test.ts holds the catalogue to what they export.
// Only the kubelet, cAdvisor and Fluentd cannot be real here (no container runtime; Fluentd
// is not installable): for their families, this test is the only check.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { m, upstreamMetricCatalog } from '../../src/catalog/index.js';
import { isInstalled } from '../../test/services/paths.js';
import { type PrometheusService, startPrometheus } from '../../test/services/prometheus.js';
import { type BuiltDashboard, buildDashboards } from '../src/index.js';
import { expandVariables, panelQueries, variableQueries } from './helpers.js';

const installed = isInstalled('prometheus');
const SKIP = !installed && 'Prometheus is not installed: run `npm run services:install`';
const JOB = 'upstream-fixture';
const SELECTOR = `job="${JOB}"`;
const BUILTINS = { rateInterval: '15s', range: '1m' };

/** Label values the queries filter on; every other label gets its own name as its value. */
const VALUES: Record<string, readonly string[]> = {
  phase: ['Running', 'Pending'],
  condition: ['true', 'false'],
  resource: ['cpu', 'memory'],
  color: ['green', 'yellow', 'red'],
  type: ['write'],
  container: ['app'],
};

function labelSets(labels: readonly string[]): Record<string, string>[] {
  return labels.reduce<Record<string, string>[]>(
    (sets, label) => sets.flatMap((set) => (VALUES[label] ?? [label]).map((value) => ({ ...set, [label]: value }))),
    [{}],
  );
}

function render(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}

/** The exposition of every catalogued upstream family; counters grow with each scrape. */
function exposition(scrape: number): string {
  const lines: string[] = [];
  for (const f of upstreamMetricCatalog) {
    lines.push(`# TYPE ${f.name} ${f.type === 'counter' ? 'counter' : f.type === 'histogram' ? 'histogram' : 'gauge'}`);
    for (const set of labelSets(f.labels)) {
      if (f.type === 'histogram') {
        for (const le of ['0.1', '1', '+Inf']) lines.push(`${f.name}_bucket${render({ ...set, le })} ${scrape * 2}`);
        lines.push(`${f.name}_sum${render(set)} ${scrape * 0.1}`, `${f.name}_count${render(set)} ${scrape * 2}`);
      } else {
        lines.push(`${f.name}${render(set)} ${f.type === 'counter' ? scrape * 10 : 1}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

let server: Server;
let prometheus: PrometheusService | undefined;
let built: BuiltDashboard[];

before(async () => {
  let scrapes = 0;
  server = createServer((_req, res) => {
    scrapes += 1;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition(scrapes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  built = buildDashboards({
    monitoring: {
      selectors: {
        kubeStateMetrics: SELECTOR,
        kubelet: SELECTOR,
        cadvisor: SELECTOR,
        fluentd: SELECTOR,
        elasticsearchExporter: SELECTOR,
        forwarder: SELECTOR,
      },
    },
  });
  if (!installed) return;
  prometheus = await startPrometheus({ scrape: [{ job: JOB, targets: [`127.0.0.1:${port}`] }], scrapeInterval: '1s' });
  await prometheus.waitForTargetsUp();
  // rate() and predict_linear() need several samples inside their windows.
  await prometheus.process.waitUntilReady(async () => {
    const r = await prometheus?.query(`count_over_time(${m('kube_pod_info')}{${SELECTOR}}[1m]) >= 6`);
    return (r?.length ?? 0) > 0;
  }, 30_000);
});

after(async () => {
  await prometheus?.stop();
  server?.close();
});

const UPSTREAM_DASHBOARDS = ['kubernetes-workload', 'log-pipeline'];

test('every Kubernetes and log pipeline query returns data from catalogue-shaped series', { skip: SKIP }, async () => {
  assert.ok(prometheus);
  const empty: string[] = [];
  let checked = 0;
  for (const d of built.filter((b) => UPSTREAM_DASHBOARDS.includes(b.slug))) {
    for (const q of [...panelQueries(d.model, d.slug), ...variableQueries(d.model, d.slug)]) {
      const expr = expandVariables(q.expr, d.model, BUILTINS);
      const result = await prometheus.queryExpectingData(expr);
      checked += 1;
      if (result.length === 0) empty.push(`${d.slug} ${q.where}: ${expr}`);
    }
  }
  assert.deepEqual(empty, []);
  assert.ok(checked >= 40, `only ${checked} queries checked`);
});

test('a query naming a label value the series lack returns nothing, so the check can fail', {
  skip: SKIP,
}, async () => {
  assert.ok(prometheus);
  const result = await prometheus.query(`${m('kube_pod_status_phase')}{${SELECTOR}, phase="Evicted"}`);
  assert.equal(result.length, 0);
});
