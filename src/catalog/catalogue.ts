// Every name a generated query may use: the instrumentation's families, the upstream
// exporters' and the recording rules', plus the target labels of the configuration.
import { type MetricFamily, metricCatalog } from '@kansoku/instrumentation';
import { allTargetLabels, type MonitoringConfig } from '../config/monitoring-config.js';
import { createNameCatalogue, type NameCatalogue } from '../promql/names.js';
import { recordedSeriesCatalog } from './recorded-series.js';
import { upstreamMetricCatalog } from './upstream-metrics.js';

/** Instrumentation, upstream and recorded families, in that order. */
export function allMetricFamilies(config: MonitoringConfig): MetricFamily[] {
  return [...metricCatalog, ...upstreamMetricCatalog, ...recordedSeriesCatalog(config)];
}

/** The catalogue the name check reads for this configuration. */
export function nameCatalogue(config: MonitoringConfig): NameCatalogue {
  return createNameCatalogue(allMetricFamilies(config), allTargetLabels(config));
}
