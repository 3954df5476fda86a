// Dashboard generation's entry point: every kansoku dashboard, built from one options object.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { nameCatalogue } from '../../src/catalog/catalogue.js';
import { createMonitoringConfig, type MonitoringConfigInput } from '../../src/config/monitoring-config.js';
import { assertQueryNames } from '../../src/promql/check-queries.js';
import { createContext } from './context.js';
import type { DashboardDefinition } from './definition.js';
import { DASHBOARD_ERROR_CODES, KansokuDashboardError } from './errors.js';
import { goRuntime } from './go-runtime/dashboard.js';
import { grpcOverview } from './grpc-overview/dashboard.js';
import { grpcService } from './grpc-service/dashboard.js';
import { kubernetesWorkload } from './kubernetes-workload/dashboard.js';
import { logPipeline } from './log-pipeline/dashboard.js';
import { nodejsRuntime } from './nodejs-runtime/dashboard.js';
import { type DashboardOptions, resolveOptions } from './options.js';
import { prometheusCardinality } from './prometheus-cardinality/dashboard.js';
import { expandVariables, panelQueries, variableQueries } from './queries-of.js';
import { renderDashboard } from './render.js';
import { slo } from './slo/dashboard.js';

/** Every dashboard, in the order docs/dashboards.md describes them. */
export const DASHBOARDS: readonly DashboardDefinition[] = [
  grpcOverview,
  grpcService,
  nodejsRuntime,
  goRuntime,
  kubernetesWorkload,
  logPipeline,
  slo,
  prometheusCardinality,
];

export interface BuildOptions extends DashboardOptions {
  /** Overrides of the shared monitoring configuration (selectors, cluster label, thresholds). */
  monitoring?: MonitoringConfigInput;
}

export interface BuiltDashboard {
  slug: string;
  model: dashboard.Dashboard;
}

// Any durations will do for the name check: it reads names, not values.
const NAME_CHECK_DURATIONS = { rateInterval: '5m', range: '1h' };

/**
 * Builds every dashboard. Throws a coded error listing every problem: with the options
 * (KANSOKU_ERR_DASHBOARD_OPTIONS, or the monitoring configuration's own code), with a
 * dashboard (KANSOKU_ERR_DASHBOARD_INVALID), or a query naming a metric or label that no
 * catalogue lists (KANSOKU_ERR_PROMQL_NAME): such a dashboard is never written.
 */
export function buildDashboards(options: BuildOptions = {}): BuiltDashboard[] {
  const { monitoring: monitoringInput, ...dashboardOptions } = options;
  const monitoring = createMonitoringConfig(monitoringInput);
  const ctx = createContext(resolveOptions(dashboardOptions), monitoring);
  const built = DASHBOARDS.map((def) => ({
    slug: def.slug,
    model: renderDashboard(def, ctx),
  }));
  const uids = new Map<string, string>();
  const problems: string[] = [];
  for (const b of built) {
    const uid = b.model.uid ?? '';
    const other = uids.get(uid);
    if (other) problems.push(`${b.slug} and ${other} share the uid ${uid}`);
    uids.set(uid, b.slug);
  }
  if (problems.length > 0) {
    throw new KansokuDashboardError(DASHBOARD_ERROR_CODES.invalid, 'dashboards collide', problems);
  }
  assertQueryNames(
    built.flatMap(({ slug, model }) =>
      [...panelQueries(model, slug), ...variableQueries(model, slug)].map((q) => ({
        source: `${slug} ${q.where}`,
        expr: expandVariables(q.expr, model, NAME_CHECK_DURATIONS),
      })),
    ),
    nameCatalogue(monitoring),
  );
  return built;
}
