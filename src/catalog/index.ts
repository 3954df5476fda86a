// The shared pieces of dashboards and alerts generation: catalogues, configuration, name check.
export { allMetricFamilies, assertQueryNames, checkQueries, type NamedQuery, nameCatalogue } from './catalogue.js';
export { durationSeconds, parseDuration } from './duration.js';
export { GENERATION_ERROR_CODES, GenerationError, type GenerationErrorCode } from './generation-error.js';
export {
  allTargetLabels,
  type BurnRateWindow,
  type ClusterLabel,
  clusterLabels,
  createMonitoringConfig,
  DEFAULT_MONITORING_CONFIG,
  type MonitoringConfig,
  type MonitoringConfigInput,
  type Selectors,
  type Thresholds,
} from './monitoring-config.js';
export {
  checkPromqlNames,
  createNameCatalogue,
  extractPromqlNames,
  formatNameProblems,
  type NameCatalogue,
  type NameProblem,
  outputLabels,
  substituteGrafanaVariables,
} from './promql-names.js';
export {
  burnRateWindows,
  RECORDED,
  recordedSeriesCatalog,
  SLO_LABELS,
  type SliKind,
  sloErrorRatio,
} from './recorded-series.js';
export {
  m,
  UPSTREAM_EXPORTERS,
  type UpstreamMetricName,
  upstreamMetric,
  upstreamMetricCatalog,
} from './upstream-metrics.js';
