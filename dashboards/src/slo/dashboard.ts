// SLOs: how much error budget each SLO has left over its period, and how fast each
// burn-rate window pair of the alerting policy is spending it right now.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { RECORDED } from '../../../src/catalog/index.js';
import type { DashboardDefinition } from '../definition.js';
import { row, statPanel, tablePanel, timeSeriesPanel } from '../panels.js';
import { legend, matchers } from '../promql.js';
import { labelVariable } from '../variables.js';
import { DEFAULT_PERIOD, PERIODS, SLO_VARS, sloQueries } from './queries.js';

export const slo: DashboardDefinition = {
  slug: 'slo',
  title: 'kansoku / SLOs',
  description:
    'Error budget remaining and burn rates of every SLO, read from the series the SLO recording rules write, so it shows what the burn-rate alerts see.',
  tags: ['slo', 'grpc'],
  source: 'dashboards/src/slo/dashboard.ts',
  clusterMetric: RECORDED.sloObjective,
  build(shell, ctx) {
    const q = sloQueries(ctx);
    const SLO = `${legend(q.labels.slo)} (${legend(q.labels.service)})`;
    shell
      .withVariable(
        labelVariable({
          name: SLO_VARS.slo,
          label: 'SLO',
          description: 'SLOs defined for alerts generation (alerts/src/slo).',
          of: q.labels.slo,
          metric: RECORDED.sloObjective,
          matchers: matchers(ctx.cluster),
        }),
      )
      .withVariable(
        new dashboard.CustomVariableBuilder(SLO_VARS.period)
          .label('Budget period')
          .description('The period an SLO’s objective is stated over: its error budget is spent within it.')
          .values(PERIODS.join(','))
          .current({ text: DEFAULT_PERIOD, value: DEFAULT_PERIOD, selected: true })
          .multi(false)
          .includeAll(false),
      );

    shell
      .withRow(row('Error budget'))
      .withPanel(
        statPanel({
          title: 'Error budget remaining',
          description:
            'Share of each SLO’s error budget not yet spent over the budget period: 100% untouched, 0% spent, below 0 the objective is missed.',
          unit: 'percentunit',
          width: 24,
          decimals: 1,
          thresholds: [
            [null, 'red'],
            [0, 'orange'],
            [0.25, 'yellow'],
            [0.5, 'green'],
          ],
          queries: [{ expr: q.budgetRemaining(), legend: SLO, instant: true }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'SLOs without data',
          description: `SLOs whose indicator has recorded no number over the last ${q.shortest}: the service had no calls, or, for a latency SLO, it exports no grpc_server_handling_seconds histogram or no bucket at the threshold (go-grpc-middleware records the histogram only when asked). Their budget panels are empty: that is missing data, not a clean record. \`kansoku check --prometheus\` says which it is.`,
          width: 24,
          valueText: { 0: ['No data', 'orange'] },
          noValue: 'Every SLO has data',
          queries: [{ expr: q.withoutData(), legend: SLO, instant: true }],
        }),
      )
      .withPanel(
        tablePanel({
          title: 'SLOs',
          description:
            'Each SLO: its objective, the share of bad events over the budget period, and the budget left (all in percent).',
          queries: [
            { expr: `100 * ${q.objective()}`, legend: 'Objective %' },
            { expr: `100 * ${q.periodErrorRatio()}`, legend: 'Bad events %' },
            { expr: `100 * (${q.budgetRemaining()})`, legend: 'Budget left %' },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Error budget remaining over time',
          description: 'Budget left over a budget period ending at each point in time.',
          unit: 'percentunit',
          width: 24,
          thresholdLines: [
            [null, 'red'],
            [0, 'green'],
          ],
          queries: [{ expr: q.budgetRemaining(), legend: SLO }],
        }),
      );

    shell.withRow(row('Burn rates'));
    for (const w of q.windows) {
      shell.withPanel(
        timeSeriesPanel({
          title: `Burn rate ${w.long} / ${w.short} (${w.tier}, ×${w.factor})`,
          description: `How many times faster than sustainable each SLO spends its budget over ${w.long} and over ${w.short}. The ${w.severity} alert fires when both lines stay above ${w.factor} for ${w.for}.`,
          unit: 'short',
          min: 0,
          thresholdLines: [
            [null, 'green'],
            [w.factor, 'red'],
          ],
          queries: [
            { expr: q.burnRate(w.long), legend: `${w.long} ${SLO}` },
            { expr: q.burnRate(w.short), legend: `${w.short} ${SLO}` },
          ],
        }),
      );
    }
    shell.withRow(row('Indicators')).withPanel(
      timeSeriesPanel({
        title: `Bad events ratio (${q.shortest})`,
        description: `Share of bad events of each SLO’s indicator over the last ${q.shortest}: failed calls for availability SLOs, calls slower than the threshold for latency SLOs.`,
        unit: 'percentunit',
        width: 24,
        min: 0,
        queries: [{ expr: q.errorRatio(q.shortest), legend: SLO }],
      }),
    );
  },
};
