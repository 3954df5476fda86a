// The catalogue of names dashboards and alerts may use: the upstream exporters' families,
// the series kansoku's recording rules write, and the two combined with the instrumentation's.
export { allMetricFamilies, nameCatalogue } from './catalogue.js';
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
