// What every dashboard module is built from: the resolved options and the shared
// monitoring configuration, plus the label-matcher pieces that most queries repeat.
import { clusterLabels, type MonitoringConfig, type Selector } from '../../src/config/monitoring-config.js';
import type { ResolvedOptions } from './options.js';
import { varMatch } from './promql.js';

/** Target labels the dashboards group and filter by (prometheus-operator's ServiceMonitor relabelling). */
export const TARGET = {
  namespace: 'namespace',
  /** prometheus-operator sets job to the Kubernetes Service name: one "service" per job. */
  service: 'job',
  pod: 'pod',
  container: 'container',
  instance: 'instance',
} as const;

/** Template variable names shared across dashboards, so that links keep the selection. */
export const VARS = {
  cluster: 'cluster',
  namespace: 'namespace',
  service: 'service',
  pod: 'pod',
} as const;

export interface DashboardContext {
  options: ResolvedOptions;
  monitoring: MonitoringConfig;
  /** `cluster=~"$cluster"` when the cluster label is enabled, else undefined (dropped by matchers()). */
  cluster: string | undefined;
  /** The cluster label in a list, for `by (...)` clauses; empty when disabled. */
  clusterBy: readonly string[];
  /** A selector from the monitoring configuration; empty string stays out of the query. */
  selector(name: keyof MonitoringConfig['selectors']): Selector;
}

export function createContext(options: ResolvedOptions, monitoring: MonitoringConfig): DashboardContext {
  const by = clusterLabels(monitoring);
  return {
    options,
    monitoring,
    cluster: by.length > 0 ? varMatch(monitoring.clusterLabel.name, VARS.cluster) : undefined,
    clusterBy: by,
    selector: (name) => monitoring.selectors[name],
  };
}
