// The user's configuration: where each exporter's series are, the cluster label, thresholds,
// the burn-rate policy and the SLOs, validated once with every problem listed.
export {
  allTargetLabels,
  type BurnRateWindow,
  type ClusterLabel,
  clusterLabels,
  createMonitoringConfig,
  DEFAULT_MONITORING_CONFIG,
  type MonitoringConfig,
  type MonitoringConfigInput,
  type Selector,
  type Selectors,
  type Thresholds,
} from './monitoring-config.js';
export {
  type AvailabilityIndicator,
  DEFAULT_ERROR_CODES,
  DEFAULT_HANDLING_BUCKETS,
  type LatencyIndicator,
  type SloDefinition,
} from './slo.js';
export { sloProblems } from './slo-problems.js';
