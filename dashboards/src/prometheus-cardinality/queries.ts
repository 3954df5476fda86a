// PromQL of the Prometheus cardinality dashboard. Head figures come from each Prometheus's
// scrape of itself (one line per server, so an HA pair shows twice, not doubled); per-job
// figures from the series Prometheus writes for every scrape, which need no exporter; per
// metric, a count over every series, which is what the dashboard is for and what it costs.
import { m } from '../../../src/catalog/index.js';
import type { DashboardContext } from '../context.js';
import { maxBy, RATE_INTERVAL, rate, series, sumBy } from '../promql.js';

export const JOB_VARIABLE = 'job';
/** How many metrics the per-metric panels show. */
export const TOP_METRICS = 20;

export function cardinalityQueries(ctx: DashboardContext) {
  const perServer = [...ctx.clusterBy, 'job', 'instance'];
  const job = `job=~"$${JOB_VARIABLE}"`;
  const head = (metric: string) => series(metric, ctx.cluster);
  return {
    perServer,
    headSeries: () => maxBy(perServer, head(m('prometheus_tsdb_head_series'))),
    created: () => sumBy(perServer, rate(head(m('prometheus_tsdb_head_series_created_total')))),
    removed: () => sumBy(perServer, rate(head(m('prometheus_tsdb_head_series_removed_total')))),
    seriesPerJob: () =>
      sumBy([...ctx.clusterBy, 'job'], series(m('scrape_samples_post_metric_relabeling'), ctx.cluster, job)),
    newSeriesPerJob: () =>
      sumBy(
        [...ctx.clusterBy, 'job'],
        `sum_over_time(${series(m('scrape_series_added'), ctx.cluster, job)}[${RATE_INTERVAL}])`,
      ),
    droppedByRelabelling: () =>
      sumBy(
        [...ctx.clusterBy, 'job'],
        `${series(m('scrape_samples_scraped'), ctx.cluster, job)} - ${series(m('scrape_samples_post_metric_relabeling'), ctx.cluster, job)}`,
      ),
    topMetrics: () =>
      `topk(${TOP_METRICS}, count by (__name__) ({${['__name__=~".+"', ctx.cluster, job].filter(Boolean).join(', ')}}))`,
  };
}
