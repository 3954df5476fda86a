// Log pipeline and error alerts: are logs getting from the nodes into Elasticsearch, and
// are errors in them reaching on-call? Follows the records: Fluentd in, Fluentd's buffers
// and retries, Fluentd out, Elasticsearch indexing, then the error-alert forwarder.
import { m } from '../../../src/catalog/index.js';
import type { DashboardDefinition } from '../definition.js';
import { row, statPanel, timeSeriesPanel } from '../panels.js';
import { legend } from '../promql.js';
import { logPipelineQueries } from './queries.js';

export const logPipeline: DashboardDefinition = {
  slug: 'log-pipeline',
  title: 'kansoku / Log pipeline and error alerts',
  description:
    'Fluentd input, buffers, retries and output errors; Elasticsearch ingest; and the error-alert forwarder’s events, groups, and notifications sent and dropped.',
  tags: ['logging'],
  source: 'dashboards/src/log-pipeline/dashboard.ts',
  clusterMetric: m('fluentd_input_status_num_records_total'),
  build(shell, ctx) {
    const q = logPipelineQueries(ctx);
    const PLUGIN = legend(q.labels.plugin);

    shell
      .withRow(row('Fluentd input'))
      .withPanel(
        timeSeriesPanel({
          title: 'Records in by tag',
          description: 'Log records per second entering Fluentd, per tag (the first part of the tag: one per source).',
          unit: 'short',
          stack: true,
          queries: [{ expr: q.recordsInByTag(), legend: legend(q.labels.tag) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Records in by node',
          description:
            'Log records per second each Fluentd pod (one per node) reads: a node that drops to zero stopped shipping.',
          unit: 'short',
          queries: [{ expr: q.recordsInByHost(), legend: legend(q.labels.hostname) }],
        }),
      );

    shell
      .withRow(row('Fluentd buffers and retries'))
      .withPanel(
        timeSeriesPanel({
          title: 'Buffer free space',
          description:
            'Free buffer space of each output, in percent, on the fullest Fluentd pod. At 0 the output blocks or drops records; the line is the alert threshold.',
          unit: 'percent',
          min: 0,
          max: 100,
          thresholdLines: [
            [null, 'red'],
            [q.bufferAvailableThreshold, 'green'],
          ],
          queries: [{ expr: q.bufferAvailable(), legend: PLUGIN }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Buffer size',
          description: 'Bytes held in each output’s buffer (staged and queued chunks), over every Fluentd pod.',
          unit: 'bytes',
          queries: [{ expr: q.bufferBytes(), legend: PLUGIN }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Buffer queue length',
          description:
            'Chunks waiting to be flushed, per output: a queue that only grows means the destination is too slow.',
          unit: 'short',
          queries: [{ expr: q.bufferQueueLength(), legend: PLUGIN }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Retries',
          description: 'Flush retries per output over each rate interval, and the longest wait before the next retry.',
          unit: 'short',
          queries: [
            { expr: q.retries(), legend: `retries ${PLUGIN}` },
            { expr: q.retryWait(), legend: `wait (s) ${PLUGIN}` },
          ],
        }),
      );

    shell
      .withRow(row('Fluentd output'))
      .withPanel(
        timeSeriesPanel({
          title: 'Records out',
          description: 'Records per second each output emitted, and chunk writes per second.',
          unit: 'short',
          queries: [
            { expr: q.recordsOut(), legend: `records ${PLUGIN}` },
            { expr: q.writes(), legend: `writes ${PLUGIN}` },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Output errors',
          description:
            'Failed flushes and rolled-back chunks per output over each rate interval: the destination refused or timed out.',
          unit: 'short',
          queries: [
            { expr: q.outputErrors(), legend: `errors ${PLUGIN}` },
            { expr: q.rollbacks(), legend: `rollbacks ${PLUGIN}` },
          ],
        }),
      );

    shell
      .withRow(row('Elasticsearch ingest'))
      .withPanel(
        statPanel({
          title: 'Cluster health',
          description:
            'Elasticsearch cluster status: red means some primary shards are unassigned and writes to them fail.',
          thresholds: [
            [null, 'green'],
            [1, 'yellow'],
            [2, 'red'],
          ],
          valueText: { 0: ['green', 'green'], 1: ['yellow', 'yellow'], 2: ['red', 'red'] },
          queries: [{ expr: q.clusterHealth() }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Indexing rate',
          description: 'Documents indexed per second, per Elasticsearch node.',
          unit: 'short',
          width: 18,
          queries: [{ expr: q.indexingRate(), legend: legend(q.labels.esNode) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Indexing time per document',
          description: 'Mean time Elasticsearch spent indexing one document, per node.',
          unit: 's',
          queries: [{ expr: q.indexingTime(), legend: legend(q.labels.esNode) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Write rejections',
          description: 'Bulk writes per second the write thread pool rejected, per node: Fluentd will retry them.',
          unit: 'short',
          queries: [{ expr: q.writeRejections(), legend: legend(q.labels.esNode) }],
        }),
      );

    shell
      .withRow(row('Error-alert forwarder'))
      .withPanel(
        timeSeriesPanel({
          title: 'Error events received',
          description:
            'Error records per second the forwarder received, from Fluentd over HTTP and from polling Elasticsearch.',
          unit: 'short',
          queries: [{ expr: q.eventsReceived(), legend: legend(q.labels.source) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Error events dropped',
          description:
            'Error records per second dropped before grouping, by reason (invalid, queue_full, group_limit, shutdown).',
          unit: 'short',
          queries: [{ expr: q.eventsDropped(), legend: legend(q.labels.reason) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Error groups',
          description: 'Error groups (fingerprints) the forwarder tracks, and new ones first seen per rate interval.',
          unit: 'short',
          queries: [
            { expr: q.groups(), legend: 'tracked' },
            { expr: q.groupsCreated(), legend: 'new' },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Alerts sent and dropped',
          description:
            'Notifications per second, per sink: delivered, failed after every retry (dropped), and held back by the rate limit.',
          unit: 'short',
          queries: [
            { expr: q.notificationsSent(), legend: `sent ${legend(q.labels.sink)}` },
            { expr: q.notificationsFailed(), legend: `failed ${legend(q.labels.sink)}` },
            { expr: q.notificationsRateLimited(), legend: `rate-limited ${legend(q.labels.sink)}` },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Notification latency p99',
          description: 'Time to deliver one notification, retries included, per sink.',
          unit: 's',
          queries: [{ expr: q.notificationLatency(), legend: legend(q.labels.sink) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Elasticsearch poll errors',
          description:
            'Failed polls of Elasticsearch for error records, per rate interval: the poller resumes from its checkpoint.',
          unit: 'short',
          queries: [{ expr: q.pollErrors(), legend: 'poll errors' }],
        }),
      );
  },
};
