// `kansoku analyze` against a real Prometheus scraping the demo and a target with a costly
// family nobody reads. The report must name that family, count the demo's gRPC families as
// read by the dashboards, and its suggested relabelling, applied to a second Prometheus
// scraping the same targets, must remove exactly the series it predicted while every
// kansoku dashboard query and rule returns the same series as before.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { renderRuleFile } from '../../alerts/src/render.js';
import { allRules } from '../../alerts/src/rule.js';
import { expandVariables, panelQueries, variableQueries } from '../../dashboards/src/queries-of.js';
import { type AnalyzeRun, analyze } from '../../src/analyze/analyze.js';
import { parseAnalyzeArgs } from '../../src/analyze/options.js';
import { type Demo, startDemo } from '../../src/demo/demo.js';
import { type Build, buildAll } from '../../src/generate/build.js';
import { loadKansokuConfig } from '../../src/generate/load.js';
import { isInstalled } from '../services/paths.js';
import { type PrometheusService, type ScrapeTarget, startPrometheus } from '../services/prometheus.js';
import { type CardinalityTarget, startCardinalityTarget } from './cardinality-target.js';

const installed = isInstalled('prometheus');
const SKIP = !installed && 'Prometheus is not installed: run `npm run services:install`';
const USERS = 1500;
const ROUTES = 8;
const BUCKETS = [0.1, 0.5, 1, 5, 10, 50, 100, 500, 1000];
const CONVERGE_MS = 60_000;

let demo: Demo | undefined;
let costly: CardinalityTarget | undefined;
let first: PrometheusService | undefined;
let second: PrometheusService | undefined;
let rulesDir: string | undefined;
let run: AnalyzeRun | undefined;
let targets: ScrapeTarget[] = [];
/** kansoku's dashboards and rules for the defaults, as `analyze` without --config reads them. */
let build: Build | undefined;

const silent = () => new Writable({ write: (_chunk, _enc, done) => done() });

/** Series per (job, name) in one Prometheus. */
async function seriesByJobAndName(p: PrometheusService): Promise<Map<string, number>> {
  const samples = await p.query('count by (job, __name__) ({job!=""})');
  return new Map(samples.map((s) => [`${s.metric.job}/${s.metric.__name__}`, Number(s.value[1])]));
}

/** Every kansoku dashboard query (variables expanded as Grafana would) and every rule. */
function kansokuExpressions(b: Build): { where: string; expr: string }[] {
  const builtins = { rateInterval: '15s', range: '1m' };
  const fromDashboards = b.dashboards.flatMap((d) =>
    [...panelQueries(d.model, d.slug), ...variableQueries(d.model, d.slug)].map((q) => ({
      where: `${d.slug} ${q.where}`,
      expr: expandVariables(q.expr, d.model, builtins),
    })),
  );
  const fromRules = allRules(b.ruleFiles).map(({ group, rule }) => ({
    where: `${group} ${'alert' in rule ? rule.alert : rule.record}`,
    expr: rule.expr,
  }));
  // A query over every series (the cardinality dashboard's series per metric) shows what was
  // dropped: it is meant to change.
  return [...fromDashboards, ...fromRules].filter(({ expr }) => !expr.includes('__name__=~".+"'));
}

/** The label sets a query returns, as sorted strings: what a panel or an alert is made of. */
async function shape(p: PrometheusService, expr: string): Promise<string[]> {
  const samples = await p.query(expr);
  return samples.map((s) => JSON.stringify(Object.entries(s.metric).sort())).sort();
}

before(async () => {
  if (!installed) return;
  demo = await startDemo({ rate: 40, logDestination: silent() as never });
  costly = await startCardinalityTarget({ users: USERS, routes: ROUTES, buckets: BUCKETS });
  rulesDir = await mkdtemp(join(tmpdir(), 'kansoku-analyze-rules-'));
  build = buildAll(await loadKansokuConfig(), 'analyze test');
  const ruleFiles: string[] = [];
  for (const file of build.ruleFiles) {
    const path = join(rulesDir, `${file.name}.yaml`);
    await writeFile(path, renderRuleFile(file));
    ruleFiles.push(path);
  }
  const host = (url: string) => new URL(url).host;
  targets = [
    { job: 'kansoku-demo-shop', targets: [host(demo.metricsUrl)] },
    { job: 'kansoku-demo-loadgen', targets: [host(demo.loadgenMetricsUrl)] },
    { job: 'costly', targets: [costly.address] },
  ];
  first = await startPrometheus({ scrape: targets, ruleFiles });
  await first.waitForTargetsUp();
  await first.process.waitUntilReady(async () => {
    const handled = await first?.query('count_over_time(grpc_server_handled_total[1m]) >= 5');
    return (handled?.length ?? 0) > 0;
  }, 60_000);
  run = await analyze(parseAnalyzeArgs(['--prometheus', first.url, '--format', 'json']), silentProgress());

  const drops = new Map(run.report.suggestions.map((s) => [s.job, s.metricRelabelConfigs]));
  second = await startPrometheus({
    scrape: targets.map((t) => {
      const relabel = drops.get(t.job);
      return relabel ? { ...t, metricRelabelConfigs: relabel as unknown as Record<string, unknown>[] } : t;
    }),
    ruleFiles,
  });
  await second.waitForTargetsUp();
});

function silentProgress() {
  return { add() {}, tick() {}, done() {} };
}

after(async () => {
  await second?.stop();
  await first?.stop();
  await demo?.stop();
  await costly?.close();
  if (rulesDir) await rm(rulesDir, { recursive: true, force: true });
});

test('the report names the costly family as unused and the demo gRPC families as read by dashboards', {
  skip: SKIP,
}, () => {
  assert.ok(run && costly);
  const { report } = run;
  const top = report.topMetrics[0];
  assert.equal(top?.name, 'analyze_test_user_requests_total');
  assert.equal(top?.series, USERS);
  assert.equal(top?.used, false);
  assert.deepEqual(top?.jobs, ['costly']);
  const byName = new Map(report.topMetrics.map((m) => [m.name, m]));
  const buckets = byName.get('analyze_test_payload_bytes_bucket');
  assert.equal(buckets?.used, false);
  assert.equal(buckets?.series, ROUTES * (BUCKETS.length + 1));
  const histogram = report.histograms.find((h) => h.name === 'analyze_test_payload_bytes_bucket');
  assert.equal(histogram?.buckets, BUCKETS.length + 1);

  const costlySuggestion = report.suggestions.find((s) => s.job === 'costly');
  assert.deepEqual(
    costlySuggestion?.drop.map((d) => d.name).sort(),
    Object.keys(costly.series).sort(),
    'every metric of the costly target is dropped',
  );
  assert.equal(
    costlySuggestion?.saves,
    Object.values(costly.series).reduce((a, b) => a + b, 0),
  );
  for (const name of [
    'grpc_server_handled_total',
    'grpc_server_started_total',
    'grpc_server_handling_seconds_bucket',
  ]) {
    const row = report.topMetrics.find((m) => m.name === name) ?? undefined;
    const suggested = report.suggestions.flatMap((s) => s.drop.map((d) => d.name));
    assert.ok(!suggested.includes(name), `${name} must never be suggested for dropping`);
    if (row)
      assert.ok(
        row.users.some((u) => u.startsWith('dashboard "')),
        `${name} should be read by a dashboard`,
      );
  }
});

test('applied to a second Prometheus, the suggestion removes exactly the predicted series', {
  skip: SKIP,
}, async () => {
  assert.ok(run && first && second);
  const [a, b] = [first, second];
  const predicted = new Map<string, number>();
  for (const s of run.report.suggestions) for (const d of s.drop) predicted.set(`${s.job}/${d.name}`, d.series);
  assert.ok(predicted.size > 0, 'the report suggested nothing to drop');
  let diff: string[] = [];
  await second.process
    .waitUntilReady(async () => {
      const [before, afterDrop] = await Promise.all([seriesByJobAndName(a), seriesByJobAndName(b)]);
      diff = [];
      for (const [key, count] of before) {
        if (!targets.some((t) => key.startsWith(`${t.job}/`))) continue;
        const expected = predicted.has(key) ? 0 : count;
        const got = afterDrop.get(key) ?? 0;
        if (got !== expected) diff.push(`${key}: expected ${expected}, got ${got}`);
      }
      for (const key of predicted.keys()) if (!before.has(key)) diff.push(`${key} was predicted but is not scraped`);
      return diff.length === 0;
    }, CONVERGE_MS)
    .catch(() => undefined);
  assert.deepEqual(diff, []);
});

test('every kansoku dashboard query and rule returns the same series after the drop', { skip: SKIP }, async () => {
  assert.ok(first && second && build);
  const [original, relabelled] = [first, second];
  const expressions = kansokuExpressions(build);
  assert.ok(expressions.length > 100, `only ${expressions.length} expressions`);
  let differing: string[] = [];
  await second.process
    .waitUntilReady(async () => {
      differing = [];
      for (const { where, expr } of expressions) {
        const [a, b] = await Promise.all([shape(original, expr), shape(relabelled, expr)]);
        if (JSON.stringify(a) !== JSON.stringify(b))
          differing.push(`${where}: ${a.length} series before, ${b.length} after`);
      }
      return differing.length === 0;
    }, CONVERGE_MS)
    .catch(() => undefined);
  assert.deepEqual(differing, []);
});
