// Prometheus cardinality: where the series are and how fast they churn, per Prometheus
// server, per job and per metric. The panel-by-panel companion of `kansoku analyze`, which
// says which of these series any dashboard or rule reads (docs/analyze.md).
import { m } from '../../../src/catalog/index.js';
import type { DashboardDefinition } from '../definition.js';
import { row, statPanel, tablePanel, timeSeriesPanel } from '../panels.js';
import { legend } from '../promql.js';
import { labelVariable } from '../variables.js';
import { cardinalityQueries, JOB_VARIABLE, TOP_METRICS } from './queries.js';

export const prometheusCardinality: DashboardDefinition = {
  slug: 'prometheus-cardinality',
  title: 'kansoku / Prometheus cardinality',
  description:
    'Head series and churn per Prometheus server, series and new series per job, and the metrics with the most series. `kansoku analyze` says which of them any dashboard or rule reads.',
  tags: ['prometheus'],
  source: 'dashboards/src/prometheus-cardinality/dashboard.ts',
  clusterMetric: m('scrape_samples_post_metric_relabeling'),
  build(shell, ctx) {
    const q = cardinalityQueries(ctx);
    const server = legend('job', 'instance');
    shell
      .withVariable(
        labelVariable({
          name: JOB_VARIABLE,
          label: 'Job',
          description: 'Scrape jobs, from the series Prometheus writes for every scrape.',
          of: 'job',
          metric: m('scrape_samples_post_metric_relabeling'),
          matchers: ctx.cluster,
        }),
      )
      .withRow(row('Head block'))
      .withPanel(
        statPanel({
          title: 'Head series',
          description:
            'Series in the head block of each Prometheus server that scrapes itself. Memory grows with it: roughly a few kB per series.',
          width: 8,
          queries: [{ expr: q.headSeries(), legend: server, instant: true }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Head series over time',
          description: 'Series in the head block per Prometheus server.',
          unit: 'short',
          width: 16,
          queries: [{ expr: q.headSeries(), legend: server }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Churn: series created and removed',
          description:
            'Series created and removed per second in the head block. Many created series that are removed soon after are churn: labels such as pod names or request ids that keep changing.',
          unit: 'short',
          width: 24,
          queries: [
            { expr: q.created(), legend: `created ${server}` },
            { expr: q.removed(), legend: `removed ${server}` },
          ],
        }),
      )
      .withRow(row('Per job'))
      .withPanel(
        timeSeriesPanel({
          title: 'Series per job',
          description:
            'Samples each job brings per scrape after metric_relabel_configs, summed over its targets: the series it holds in the head.',
          unit: 'short',
          queries: [{ expr: q.seriesPerJob(), legend: legend('job') }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'New series per job',
          description:
            'Series that scrapes brought in that their target did not have before, per job over the rate interval: where churn comes from.',
          unit: 'short',
          queries: [{ expr: q.newSeriesPerJob(), legend: legend('job') }],
        }),
      )
      .withPanel(
        tablePanel({
          title: 'Samples dropped by relabelling, per job',
          description:
            'Samples per scrape that metric_relabel_configs dropped (scraped minus kept), per job: where the drops `kansoku analyze` suggests take effect.',
          queries: [{ expr: q.droppedByRelabelling(), legend: 'dropped per scrape' }],
        }),
      )
      .withRow(row('Per metric'))
      .withPanel(
        tablePanel({
          title: `Top ${TOP_METRICS} metrics by series`,
          description:
            'Series per metric name now. This query touches every series of the selection: on a large Prometheus, narrow it with the job variable.',
          queries: [{ expr: q.topMetrics(), legend: 'series' }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: `Top ${TOP_METRICS} metrics by series over time`,
          description:
            'Series per metric name over time. Each point counts every series of the selection, so this panel is the expensive one: it asks at most every 5 minutes.',
          unit: 'short',
          width: 24,
          minInterval: '5m',
          queries: [{ expr: q.topMetrics(), legend: legend('__name__') }],
        }),
      );
  },
};
