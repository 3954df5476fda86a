// Every metric and label a dashboard query names is one a catalogue lists (the
// instrumentation's, the upstream exporters', the recording rules'), or a target label of
// the monitoring configuration; the label flow through each expression is checked too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameCatalogue } from '../../src/catalog/index.js';
import { createMonitoringConfig } from '../../src/config/monitoring-config.js';
import { GenerationError } from '../../src/errors/generation-error.js';
import { checkPromqlNames, formatNameProblems, outputLabels } from '../../src/promql/names.js';
import { grpcOverview } from '../src/grpc-overview/dashboard.js';
import { buildDashboards } from '../src/index.js';
import { timeSeriesPanel } from '../src/panels.js';
import { allQueries, dashboards, expandVariables, panelQueries, variableQueries } from './helpers.js';

// Any valid durations do: the check is about names, not values.
const BUILTINS = { rateInterval: '1m', range: '1h' };

const catalogue = nameCatalogue(createMonitoringConfig());

function problemsOf(expr: string, where: string, slug: string): string[] {
  const model = dashboards().find((d) => d.slug === slug)?.model;
  assert.ok(model);
  return formatNameProblems(where, checkPromqlNames(expandVariables(expr, model, BUILTINS), catalogue));
}

test('every panel and variable query names only catalogued metrics and labels', () => {
  const queries = allQueries();
  assert.ok(queries.length > 50, `expected many queries, found ${queries.length}`);
  const problems = queries.flatMap((q) => problemsOf(q.expr, `${q.dashboard} ${q.where}`, q.dashboard));
  assert.deepEqual(problems, []);
});

test('every variable offers a label its series carry', () => {
  const problems: string[] = [];
  for (const d of dashboards()) {
    for (const v of variableQueries(d.model, d.slug)) {
      const labels = outputLabels(expandVariables(v.expr, d.model, BUILTINS), catalogue);
      if (!labels?.has(v.label)) problems.push(`${d.slug} ${v.where}: ${v.expr} carries no label ${v.label}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('with the cluster label enabled, queries group and filter by it and still pass the check', () => {
  const monitoring = { clusterLabel: { name: 'cluster', enabled: true } };
  const clustered = nameCatalogue(createMonitoringConfig(monitoring));
  const problems: string[] = [];
  for (const d of buildDashboards({ monitoring })) {
    const vars = (d.model.templating?.list ?? []).map((v) => v.name);
    assert.ok(vars.includes('cluster'), `${d.slug} has no cluster variable`);
    for (const q of [...panelQueries(d.model, d.slug), ...variableQueries(d.model, d.slug)]) {
      if (q.where !== 'variable cluster') assert.match(q.expr, /cluster=~"\$cluster"/, `${d.slug} ${q.where}`);
      problems.push(
        ...formatNameProblems(
          `${d.slug} ${q.where}`,
          checkPromqlNames(expandVariables(q.expr, d.model, BUILTINS), clustered),
        ),
      );
    }
  }
  assert.deepEqual(problems, []);
});

test('the check catches a metric or a label no catalogue lists', () => {
  const q = allQueries().find((x) => x.expr.includes('grpc_server_handled_total') && x.expr.includes('grpc_code'));
  assert.ok(q);
  assert.deepEqual(problemsOf(q.expr, 'as generated', q.dashboard), []);
  assert.notDeepEqual(
    problemsOf(q.expr.replace('grpc_server_handled_total', 'grpc_server_handeld_total'), 'typo', q.dashboard),
    [],
  );
  assert.notDeepEqual(problemsOf(q.expr.replaceAll('grpc_code', 'grpc_status'), 'label', q.dashboard), []);
});

test('generation itself refuses a dashboard that names an unknown metric', () => {
  const original = grpcOverview.build;
  grpcOverview.build = (shell, ctx) => {
    original(shell, ctx);
    shell.withPanel(
      timeSeriesPanel({
        title: 'typo',
        description: 'a misspelt family',
        queries: [{ expr: 'grpc_server_handeld_total' }],
      }),
    );
  };
  try {
    assert.throws(
      () => buildDashboards(),
      (e: unknown) =>
        e instanceof GenerationError &&
        e.code === 'KANSOKU_ERR_PROMQL_NAME' &&
        /grpc_server_handeld_total/.test(e.message),
    );
  } finally {
    grpcOverview.build = original;
  }
  assert.doesNotThrow(() => buildDashboards());
});
