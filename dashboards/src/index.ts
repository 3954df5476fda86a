// Dashboard generation's entry point: every kansoku dashboard, built from one options object.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { createMonitoringConfig, type MonitoringConfigInput } from '../../src/catalog/monitoring-config.js';
import { createContext } from './context.js';
import type { DashboardDefinition } from './definition.js';
import { DASHBOARD_ERROR_CODES, KansokuDashboardError } from './errors.js';
import { grpcOverview } from './grpc-overview/dashboard.js';
import { grpcService } from './grpc-service/dashboard.js';
import { kubernetesWorkload } from './kubernetes-workload/dashboard.js';
import { logPipeline } from './log-pipeline/dashboard.js';
import { nodejsRuntime } from './nodejs-runtime/dashboard.js';
import { type DashboardOptions, resolveOptions } from './options.js';
import { renderDashboard } from './render.js';
import { slo } from './slo/dashboard.js';

/** Every dashboard, in the order docs/dashboards.md describes them. */
export const DASHBOARDS: readonly DashboardDefinition[] = [
  grpcOverview,
  grpcService,
  nodejsRuntime,
  kubernetesWorkload,
  logPipeline,
  slo,
];

export interface BuildOptions extends DashboardOptions {
  /** Overrides of the shared monitoring configuration (selectors, cluster label, thresholds). */
  monitoring?: MonitoringConfigInput;
}

export interface BuiltDashboard {
  slug: string;
  /** Where the JSON is committed, relative to the repository root. */
  path: string;
  model: dashboard.Dashboard;
}

export const GENERATED_DIR = 'dashboards/generated';

/** Builds every dashboard; throws a coded error listing every problem with the options. */
export function buildDashboards(options: BuildOptions = {}): BuiltDashboard[] {
  const { monitoring: monitoringInput, ...dashboardOptions } = options;
  const monitoring = createMonitoringConfig(monitoringInput);
  const ctx = createContext(resolveOptions(dashboardOptions), monitoring);
  const built = DASHBOARDS.map((def) => ({
    slug: def.slug,
    path: `${GENERATED_DIR}/${def.slug}.json`,
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
  if (problems.length > 0)
    throw new KansokuDashboardError(DASHBOARD_ERROR_CODES.invalid, 'dashboards collide', problems);
  return built;
}
