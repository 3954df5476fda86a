// PromQL of the SLO dashboard. It reads only the series the SLO recording rules write
// (src/catalog/recorded-series.ts, alerts/src/groups/slo.ts): the objective of each SLO
// and its indicator's error ratio over every burn-rate window, labelled slo, sli and
// grpc_service. The dashboard therefore shows exactly what the burn-rate alerts see.
import { RECORDED, SLO_LABELS, sloErrorRatio } from '../../../src/catalog/index.js';
import type { BurnRateWindow } from '../../../src/config/monitoring-config.js';
import { durationSeconds } from '../../../src/duration/prometheus-duration.js';
import type { DashboardContext } from '../context.js';
import { matchers, series, varMatch } from '../promql.js';

export const SLO_VARS = { slo: 'slo', period: 'period' } as const;

/** The budget periods offered; SLOs are usually stated over 28 or 30 days. */
export const PERIODS = ['7d', '28d', '30d'] as const;
export const DEFAULT_PERIOD = '30d';

export function sloQueries(ctx: DashboardContext) {
  const scope = matchers(ctx.cluster, varMatch(SLO_LABELS.slo, SLO_VARS.slo));
  const objective = series(RECORDED.sloObjective, scope);
  const budget = `(1 - ${objective})`;
  const windows = ctx.monitoring.burnRates;
  // The shortest window, averaged over the period: every short interval weighs the same,
  // which is how Sloth and Pyrra derive the whole-period ratio from recorded rates. A window
  // without any call records 0/0 = NaN, which would make the whole average NaN for a quiet
  // service; `>= 0` drops those points. The subquery steps at Prometheus's evaluation interval,
  // as often as the rule records the ratio, so every recorded point still counts once.
  const shortest = [...windows].sort((a, b) => durationSeconds(a.short) - durationSeconds(b.short))[0]?.short ?? '5m';
  const errorRatio = (window: string) => series(sloErrorRatio(window), scope);
  const periodRatio = `avg_over_time((${errorRatio(shortest)} >= 0)[$${SLO_VARS.period}:])`;
  return {
    labels: SLO_LABELS,
    objective: () => objective,
    /** Share of bad events over the whole budget period. */
    periodErrorRatio: () => periodRatio,
    /** 1 = untouched, 0 = spent, below 0 = the objective is missed. */
    budgetRemaining: () => `1 - ${periodRatio} / ${budget}`,
    errorRatio: (window: string) => errorRatio(window),
    /**
     * 0 for each SLO whose indicator records no number over the shortest window: no calls at
     * all, or (latency) no histogram or no bucket at the threshold. Its budget panels are then
     * empty, which must read as "no data", never as "no errors".
     */
    withoutData: () =>
      `0 * (${objective} unless on (${[...ctx.clusterBy, SLO_LABELS.slo].join(', ')}) (${errorRatio(shortest)} >= 0))`,
    /** How many times faster than sustainable the budget burns over a window. */
    burnRate: (window: string) => `${errorRatio(window)} / ${budget}`,
    windows: windows as readonly BurnRateWindow[],
    shortest,
  };
}
