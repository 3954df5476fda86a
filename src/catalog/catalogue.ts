// Every name a generated query may use: the instrumentation's families, the upstream
// exporters' and the recording rules', plus the target labels of the configuration.
import { type MetricFamily, metricCatalog } from '@kansoku/instrumentation';
import { GENERATION_ERROR_CODES, GenerationError } from './generation-error.js';
import { allTargetLabels, type MonitoringConfig } from './monitoring-config.js';
import { checkPromqlNames, createNameCatalogue, formatNameProblems, type NameCatalogue } from './promql-names.js';
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

/** A labelled query to check: `source` says where it comes from (rule, panel) in messages. */
export interface NamedQuery {
  source: string;
  expr: string;
}

/** Every name problem of every query, each prefixed by its source. */
export function checkQueries(queries: readonly NamedQuery[], catalogue: NameCatalogue): string[] {
  return queries.flatMap((q) => formatNameProblems(q.source, checkPromqlNames(q.expr, catalogue)));
}

/** Throws a GenerationError (KANSOKU_ERR_PROMQL_NAME) listing every problem of every query. */
export function assertQueryNames(queries: readonly NamedQuery[], catalogue: NameCatalogue): void {
  const problems = checkQueries(queries, catalogue);
  if (problems.length > 0) {
    throw new GenerationError(
      GENERATION_ERROR_CODES.promqlName,
      'generated queries name unknown metrics or labels',
      problems,
    );
  }
}
