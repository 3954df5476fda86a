// Every panel query and every variable's series selector, expanded as Grafana would send
// it, is accepted by a real Prometheus: a syntax or type error comes back as bad_data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isInstalled } from '../../test/services/paths.js';
import { type PrometheusService, startPrometheus } from '../../test/services/prometheus.js';
import { allQueries, dashboards, expandVariables } from './helpers.js';

const installed = isInstalled('prometheus');
const SKIP = !installed && 'Prometheus is not installed: run `npm run services:install`';
const BUILTINS = { rateInterval: '1m', range: '1h' };

let prometheus: PrometheusService | undefined;

before(async () => {
  if (installed) prometheus = await startPrometheus();
});

after(async () => {
  await prometheus?.stop();
});

test('Prometheus accepts every dashboard query', { skip: SKIP }, async () => {
  assert.ok(prometheus);
  const models = new Map(dashboards().map((d) => [d.slug, d.model]));
  const queries = allQueries();
  const rejected: string[] = [];
  for (const q of queries) {
    const model = models.get(q.dashboard);
    assert.ok(model);
    const expr = expandVariables(q.expr, model, BUILTINS);
    try {
      await prometheus.query(expr);
    } catch (error) {
      rejected.push(`${q.dashboard} ${q.where}: ${(error as Error).message}\n    ${expr}`);
    }
  }
  assert.deepEqual(rejected, []);
  assert.ok(queries.length > 100, `only ${queries.length} queries found`);
});

test('a query Prometheus cannot parse is reported', { skip: SKIP }, async () => {
  assert.ok(prometheus);
  const q = allQueries()[0];
  assert.ok(q);
  await assert.rejects(prometheus.query(`${q.expr.replaceAll('$', '')})`), /bad_data/);
});
