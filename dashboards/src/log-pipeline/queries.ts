// PromQL of the log pipeline dashboard: Fluentd (fluent-plugin-prometheus), Elasticsearch
// (elasticsearch_exporter) and kansoku's error-alert forwarder, each found through its
// selector in the monitoring configuration.
import { m } from '../../../src/catalog/index.js';
import type { DashboardContext } from '../context.js';
import { histogramQuantile, increase, matchers, RATE_INTERVAL, rate, series, sumBy } from '../promql.js';

const TAG = 'tag';
const HOSTNAME = 'hostname';
/** A Fluentd output's @id: one line per configured output, whatever its type. */
const PLUGIN = 'plugin_id';
/** The Elasticsearch node name (the exporter's `cluster` label is never used, see the catalogue). */
const ES_NODE = 'name';
const THREAD_POOL = 'type';
const COLOR = 'color';
const SOURCE = 'source';
const DROP_REASON = 'reason';
const SINK = 'sink';

export function logPipelineQueries(ctx: DashboardContext) {
  const fluentd = matchers(ctx.selector('fluentd'), ctx.cluster);
  const es = matchers(ctx.selector('elasticsearchExporter'), ctx.cluster);
  const forwarder = matchers(ctx.selector('forwarder'), ctx.cluster);
  const by = (...labels: string[]) => [...ctx.clusterBy, ...labels];
  // The output monitor exports Fluentd's own counters as gauges; they only grow and reset
  // when Fluentd restarts, so rate() and increase() still read them correctly.
  const output = (name: Parameters<typeof m>[0]) => series(m(name), fluentd);
  const health = (color: string) =>
    `max(${series(m('elasticsearch_cluster_health_status'), es, `${COLOR}="${color}"`)})`;
  return {
    labels: {
      tag: TAG,
      hostname: HOSTNAME,
      plugin: PLUGIN,
      esNode: ES_NODE,
      source: SOURCE,
      reason: DROP_REASON,
      sink: SINK,
    },
    recordsInByTag: () => sumBy(by(TAG), rate(series(m('fluentd_input_status_num_records_total'), fluentd))),
    recordsInByHost: () => sumBy(by(HOSTNAME), rate(series(m('fluentd_input_status_num_records_total'), fluentd))),
    bufferQueueLength: () => sumBy(by(PLUGIN), output('fluentd_output_status_buffer_queue_length')),
    bufferBytes: () => sumBy(by(PLUGIN), output('fluentd_output_status_buffer_total_bytes')),
    /** The fullest buffer of each output, over all Fluentd pods. */
    bufferAvailable: () =>
      `min by (${by(PLUGIN).join(', ')}) (${output('fluentd_output_status_buffer_available_space_ratio')})`,
    bufferAvailableThreshold: ctx.monitoring.thresholds.fluentdBufferAvailablePercent,
    retries: () => sumBy(by(PLUGIN), increase(output('fluentd_output_status_retry_count'), RATE_INTERVAL)),
    retryWait: () => `max by (${by(PLUGIN).join(', ')}) (${output('fluentd_output_status_retry_wait')})`,
    recordsOut: () => sumBy(by(PLUGIN), rate(output('fluentd_output_status_emit_records'))),
    outputErrors: () => sumBy(by(PLUGIN), increase(output('fluentd_output_status_num_errors'), RATE_INTERVAL)),
    rollbacks: () => sumBy(by(PLUGIN), increase(output('fluentd_output_status_rollback_count'), RATE_INTERVAL)),
    writes: () => sumBy(by(PLUGIN), rate(output('fluentd_output_status_write_count'))),
    indexingRate: () => sumBy(by(ES_NODE), rate(series(m('elasticsearch_indices_indexing_index_total'), es))),
    indexingTime: () =>
      `${sumBy(by(ES_NODE), rate(series(m('elasticsearch_indices_indexing_index_time_seconds_total'), es)))} / ${sumBy(by(ES_NODE), rate(series(m('elasticsearch_indices_indexing_index_total'), es)))}`,
    writeRejections: () =>
      sumBy(by(ES_NODE), rate(series(m('elasticsearch_thread_pool_rejected_count'), es, `${THREAD_POOL}="write"`))),
    /** 0 green, 1 yellow, 2 red: one number a stat panel can colour. */
    clusterHealth: () => `0 * ${health('green')} + 1 * ${health('yellow')} + 2 * ${health('red')}`,
    eventsReceived: () => sumBy(by(SOURCE), rate(series(m('kansoku_forwarder_events_received_total'), forwarder))),
    eventsDropped: () => sumBy(by(DROP_REASON), rate(series(m('kansoku_forwarder_events_dropped_total'), forwarder))),
    groups: () => sumBy(by(), series(m('kansoku_forwarder_groups'), forwarder)),
    groupsCreated: () =>
      sumBy(by(), increase(series(m('kansoku_forwarder_groups_created_total'), forwarder), RATE_INTERVAL)),
    notificationsSent: () => sumBy(by(SINK), rate(series(m('kansoku_forwarder_notifications_sent_total'), forwarder))),
    notificationsFailed: () =>
      sumBy(by(SINK), rate(series(m('kansoku_forwarder_notifications_failed_total'), forwarder))),
    notificationsRateLimited: () =>
      sumBy(by(SINK), rate(series(m('kansoku_forwarder_notifications_rate_limited_total'), forwarder))),
    notificationLatency: () =>
      histogramQuantile(0.99, m('kansoku_forwarder_notification_duration_seconds'), by(SINK), forwarder),
    pollErrors: () => sumBy(by(), increase(series(m('kansoku_forwarder_poll_errors_total'), forwarder), RATE_INTERVAL)),
  };
}
