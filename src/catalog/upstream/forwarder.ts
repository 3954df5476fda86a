// The error-alert forwarder's own families. The forwarder is written against this list:
// it is the contract between the forwarder, the bundle's alerts and its dashboards.
import { family } from './family.js';

export const forwarder = [
  family(
    'kansoku_forwarder_events_received_total',
    'counter',
    ['source'],
    'Error records received, by source (http, elasticsearch).',
  ),
  family(
    'kansoku_forwarder_events_dropped_total',
    'counter',
    ['reason'],
    'Error records dropped before grouping, by reason (invalid, queue_full, group_limit, shutdown).',
  ),
  family('kansoku_forwarder_groups', 'gauge', [], 'Error groups (fingerprints) currently tracked.'),
  family('kansoku_forwarder_groups_created_total', 'counter', [], 'Error groups seen for the first time.'),
  family(
    'kansoku_forwarder_notifications_sent_total',
    'counter',
    ['sink'],
    'Notifications delivered, by sink (slack, webhook, alertmanager).',
  ),
  family(
    'kansoku_forwarder_notifications_failed_total',
    'counter',
    ['sink'],
    'Notifications that failed after every retry, by sink.',
  ),
  family(
    'kansoku_forwarder_notifications_rate_limited_total',
    'counter',
    ['sink'],
    'Notifications held back by the rate limit, by sink.',
  ),
  family(
    'kansoku_forwarder_notification_duration_seconds',
    'histogram',
    ['sink'],
    'Time to deliver one notification, retries included, by sink.',
  ),
  family('kansoku_forwarder_poll_errors_total', 'counter', [], 'Elasticsearch polls that failed.'),
  family(
    'kansoku_forwarder_events_duplicate_total',
    'counter',
    ['source'],
    'Records whose event.id was accepted before (a retried batch, a re-polled document), not counted again.',
  ),
  family(
    'kansoku_forwarder_errors_detected_total',
    'counter',
    [],
    'Received records that counted as errors (level, exception or stack trace, include/exclude rules).',
  ),
  family(
    'kansoku_forwarder_alerts_total',
    'counter',
    ['reason'],
    'Alerts decided, by reason (new, recurring, spike, silenced: a silence held it back).',
  ),
  family('kansoku_forwarder_outbox_pending', 'gauge', ['sink'], 'Notifications waiting in the outbox, by sink.'),
  family(
    'kansoku_forwarder_elasticsearch_lag_seconds',
    'gauge',
    [],
    'How far behind now the Elasticsearch poller’s checkpoint is (the safety delay included).',
  ),
] as const;
