// The dashboards over a Go gRPC service (go-grpc-middleware v2's defaults, client_golang's
// runtime metrics; test/fixtures/go-grpc-service.ts), scraped by a real Prometheus: the gRPC
// panels return data except those that need the histogram Go records only when asked, the
// in-flight panels show started − handled (Go has no in-flight gauge), the Go runtime
// dashboard returns data, and the Node.js runtime dashboard does not offer the service.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GO_IN_FLIGHT, goServiceExposition, serveExposition } from '../../test/fixtures/go-grpc-service.js';
import { isInstalled } from '../../test/services/paths.js';
import { type PrometheusService, startPrometheus } from '../../test/services/prometheus.js';
import { buildDashboards } from '../src/index.js';
import { expandVariables, panelQueries, variableQueries } from './helpers.js';

const installed = isInstalled('prometheus');
const SKIP = !installed && 'Prometheus is not installed: run `npm run services:install`';
const BUILTINS = { rateInterval: '15s', range: '1m' };

let fixture: Awaited<ReturnType<typeof serveExposition>> | undefined;
let prometheus: PrometheusService | undefined;
const built = buildDashboards();

before(async () => {
  fixture = await serveExposition((n) =>
    goServiceExposition({ grpcService: 'checkout.v1.Checkout', method: 'PlaceOrder' }, n),
  );
  if (!installed) return;
  prometheus = await startPrometheus({
    scrape: [{ job: 'checkout', targets: [fixture.target] }],
    scrapeInterval: '1s',
  });
  await prometheus.waitForTargetsUp();
  await prometheus.process.waitUntilReady(
    async () => ((await prometheus?.query('count_over_time(grpc_server_handled_total[1m]) >= 6'))?.length ?? 0) > 0,
    30_000,
  );
});

after(async () => {
  await prometheus?.stop();
  fixture?.close();
});

/** The dashboard's queries that return nothing; `expectData`: each is asked again before it counts as empty. */
async function emptyQueries(slug: string, expectData = false): Promise<{ empty: string[]; checked: number }> {
  assert.ok(prometheus);
  const d = built.find((b) => b.slug === slug);
  assert.ok(d, slug);
  const titles = new Map(
    (d.model.panels ?? []).flatMap((p) => [
      [p.id, p.title],
      ...((p as { panels?: typeof d.model.panels }).panels ?? []).map((c) => [c.id, c.title]),
    ]) as [number, string][],
  );
  const empty: string[] = [];
  let checked = 0;
  for (const q of [...panelQueries(d.model, slug), ...variableQueries(d.model, slug)]) {
    const expr = expandVariables(q.expr, d.model, BUILTINS);
    const result = expectData ? await prometheus.queryExpectingData(expr) : await prometheus.query(expr);
    checked += 1;
    const id = Number(/^panel (\d+)/.exec(q.where)?.[1]);
    if (result.length === 0)
      empty.push(q.kind === 'variable' ? q.where : `${titles.get(id)} ${q.where.split(' ').at(-1)}`);
  }
  return { empty: empty.sort(), checked };
}

test('the overview: only the latency panels are empty, for want of the histogram', { skip: SKIP }, async () => {
  const { empty, checked } = await emptyQueries('grpc-overview');
  assert.ok(checked > 15);
  assert.ok(empty.length > 0);
  for (const e of empty) assert.match(e, /latency|p50|p90|p99|Methods/i, `${e} should return data for a Go service`);
});

test('in-flight calls of a Go service are started − handled', { skip: SKIP }, async () => {
  assert.ok(prometheus);
  for (const slug of ['grpc-overview', 'grpc-service']) {
    const d = built.find((b) => b.slug === slug);
    assert.ok(d);
    const inFlight = panelQueries(d.model, slug).filter((q) => q.expr.includes('grpc_server_in_flight_calls'));
    assert.ok(inFlight.length > 0, slug);
    for (const q of inFlight) {
      const result = await prometheus.query(expandVariables(q.expr, d.model, BUILTINS));
      assert.deepEqual(
        result.map((s) => Number(s.value[1])),
        [GO_IN_FLIGHT],
        `${slug} ${q.where}`,
      );
    }
  }
});

test('the Go runtime dashboard returns data for every query; the Node.js one offers no Go service', {
  skip: SKIP,
}, async () => {
  const go = await emptyQueries('go-runtime', true);
  assert.deepEqual(go.empty, []);
  assert.ok(go.checked >= 15, `only ${go.checked} queries`);
  const node = await emptyQueries('nodejs-runtime');
  assert.ok(node.empty.includes('variable service'), 'the Node.js runtime dashboard lists the Go service');
});
