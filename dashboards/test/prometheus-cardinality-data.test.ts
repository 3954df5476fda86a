// The Prometheus cardinality dashboard over real series: a real Prometheus scrapes a second
// Prometheus (its head figures, as a self-scrape would give them) and a target with a costly
// family, and every query of the dashboard must return data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CardinalityTarget, startCardinalityTarget } from '../../test/analyze/cardinality-target.js';
import { isInstalled } from '../../test/services/paths.js';
import { type PrometheusService, startPrometheus } from '../../test/services/prometheus.js';
import { dashboards, expandVariables, panelQueries, variableQueries } from './helpers.js';

const installed = isInstalled('prometheus');
const SKIP = !installed && 'Prometheus is not installed: run `npm run services:install`';
const BUILTINS = { rateInterval: '15s', range: '1m' };

let watched: PrometheusService | undefined;
let prometheus: PrometheusService | undefined;
let costly: CardinalityTarget | undefined;

before(async () => {
  if (!installed) return;
  watched = await startPrometheus();
  costly = await startCardinalityTarget({ users: 300, routes: 3, buckets: [1, 10, 100] });
  prometheus = await startPrometheus({
    scrape: [
      { job: 'prometheus', targets: [new URL(watched.url).host] },
      { job: 'costly', targets: [costly.address] },
    ],
  });
  await prometheus.waitForTargetsUp();
  // Two scrapes at least, so that rate() and sum_over_time() have points to work on.
  await prometheus.process.waitUntilReady(
    async () => ((await prometheus?.query('count_over_time(up[1m]) >= 3'))?.length ?? 0) >= 2,
    60_000,
  );
});

after(async () => {
  await prometheus?.stop();
  await watched?.stop();
  await costly?.close();
});

test('every query of the Prometheus cardinality dashboard returns data', { skip: SKIP }, async () => {
  assert.ok(prometheus);
  const board = dashboards().find((d) => d.slug === 'prometheus-cardinality');
  assert.ok(board, 'no prometheus-cardinality dashboard');
  const empty: string[] = [];
  const queries = [...panelQueries(board.model, board.slug), ...variableQueries(board.model, board.slug)];
  for (const q of queries) {
    const expr = expandVariables(q.expr, board.model, BUILTINS);
    if ((await prometheus.queryExpectingData(expr)).length === 0) empty.push(`${q.where}: ${expr}`);
  }
  assert.deepEqual(empty, []);
  assert.ok(queries.length >= 9, `only ${queries.length} queries`);
});

test('the top metrics panel puts the costly family first', { skip: SKIP }, async () => {
  assert.ok(prometheus);
  const board = dashboards().find((d) => d.slug === 'prometheus-cardinality');
  assert.ok(board);
  const top = panelQueries(board.model, board.slug).find((q) => q.where.includes('Top 20 metrics by series"'));
  assert.ok(top, 'no top-metrics table');
  const rows = (await prometheus.query(expandVariables(top.expr, board.model, BUILTINS))).sort(
    (a, b) => Number(b.value[1]) - Number(a.value[1]),
  );
  assert.equal(rows[0]?.metric.__name__, 'analyze_test_user_requests_total');
  assert.equal(rows[0]?.value[1], '300');
});
