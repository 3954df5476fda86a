// Alerts for the bundle itself: the log pipeline (Fluentd, Elasticsearch) and the error-alert
// forwarder. When these fail, error alerts stop reaching on-call without anything else firing.
// One group per component, each off unless the configuration says the component runs
// (src/config/alert-groups.ts): an alert on a forwarder that is not deployed fires forever.
import { ownAlert } from '../alert.js';
import type { Query } from '../query.js';
import type { RuleGroup } from '../rule.js';

export function kansokuBundle(q: Query): RuleGroup[] {
  const t = q.config.thresholds;
  const c = q.onCluster;
  const output = q.labels('plugin_id', 'type');
  const bySink = (
    metric: 'kansoku_forwarder_notifications_sent_total' | 'kansoku_forwarder_notifications_failed_total',
  ) => q.agg('sum', ['sink'], `rate(${q.from('forwarder', metric)}[10m])`);
  const fluentd: RuleGroup = {
    name: 'kansoku-fluentd',
    rules: [
      ownAlert(q, {
        alert: 'FluentdBufferFilling',
        severity: 'warning',
        for: '15m',
        // min over the Fluentd pods: one full node buffer is enough to start losing its logs.
        expr: `${q.agg('min', [...output, 'instance'], q.from('fluentd', 'fluentd_output_status_buffer_available_space_ratio'))} < ${t.fluentdBufferAvailablePercent}`,
        summary: 'A Fluentd output buffer is filling up.',
        description: `Output {{ $labels.plugin_id }} ({{ $labels.type }}) of Fluentd {{ $labels.instance }}${c} has only {{ $value | humanize }}% of its buffer left; when it is full, Fluentd drops or blocks logs.`,
      }),
      ownAlert(q, {
        alert: 'FluentdOutputRetrying',
        severity: 'warning',
        for: '15m',
        // The plugin exports Fluentd's error counter as a gauge that only grows, so increase() fits.
        expr: `${q.agg('sum', [...output, 'instance'], `increase(${q.from('fluentd', 'fluentd_output_status_retry_count')}[10m])`)} > 0`,
        summary: 'A Fluentd output keeps retrying.',
        description: `Output {{ $labels.plugin_id }} ({{ $labels.type }}) of Fluentd {{ $labels.instance }}${c} retried {{ $value | humanize }} times in 10 minutes: its destination is refusing or failing writes.`,
      }),
      ownAlert(q, {
        alert: 'FluentdDown',
        severity: 'warning',
        for: '10m',
        expr: `${q.select('up', q.config.selectors.fluentd)} == 0`,
        summary: 'A Fluentd pod cannot be scraped.',
        description: `Fluentd {{ $labels.instance }}${c} has not answered Prometheus for 10 minutes; the logs of its node may not be shipped.`,
      }),
    ],
  };
  const elasticsearch: RuleGroup = {
    name: 'kansoku-elasticsearch',
    rules: [
      ownAlert(q, {
        alert: 'ElasticsearchWriteRejections',
        severity: 'warning',
        for: '10m',
        expr: `${q.agg('sum', ['name'], `rate(${q.from('elasticsearchExporter', 'elasticsearch_thread_pool_rejected_count', 'type="write"')}[5m])`)} > 0`,
        summary: 'Elasticsearch is rejecting writes.',
        description: `Elasticsearch node {{ $labels.name }}${c} rejects {{ $value | humanize }} writes a second: its write queue is full, and Fluentd has to retry.`,
      }),
    ],
  };
  const forwarder: RuleGroup = {
    name: 'kansoku-forwarder',
    rules: [
      ownAlert(q, {
        alert: 'KansokuForwarderDroppingEvents',
        severity: 'warning',
        for: '10m',
        expr: `${q.agg('sum', ['reason'], `increase(${q.from('forwarder', 'kansoku_forwarder_events_dropped_total')}[10m])`)} > 0`,
        summary: 'The error-alert forwarder is dropping error records.',
        description: `The forwarder${c} dropped {{ $value | humanize }} error records in 10 minutes (reason: {{ $labels.reason }}); errors in them may never be notified.`,
      }),
      ownAlert(q, {
        alert: 'KansokuForwarderNotificationsFailing',
        severity: 'warning',
        for: '10m',
        expr: `
${bySink('kansoku_forwarder_notifications_failed_total')}
  /
(
  ${bySink('kansoku_forwarder_notifications_sent_total')}
    +
  ${bySink('kansoku_forwarder_notifications_failed_total')}
)
  > ${t.forwarderNotificationFailureRatio}`,
        summary: 'The error-alert forwarder cannot deliver notifications.',
        description: `{{ $value | humanizePercentage }} of the forwarder's notifications to {{ $labels.sink }}${c} fail after every retry; on-call is not hearing about new errors.`,
      }),
      ownAlert(q, {
        alert: 'KansokuForwarderDown',
        severity: 'warning',
        for: '10m',
        expr: `absent(${q.select('up', q.config.selectors.forwarder)} == 1)`,
        summary: 'The error-alert forwarder is down.',
        description:
          'No error-alert forwarder has been scraped successfully for 10 minutes; errors in the logs are not being notified.',
      }),
    ],
  };
  return [fluentd, elasticsearch, forwarder];
}
