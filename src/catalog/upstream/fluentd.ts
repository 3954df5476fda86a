// Fluentd's Prometheus plugin (fluent-plugin-prometheus). The output-monitor families are
// gauges even where they only grow (retry_count, num_errors): the plugin samples Fluentd's
// internal counters on an interval and exports the value as a gauge. `plugin_id` is the
// output's @id, `type` its @type. fluentd_input_status_num_records_total and the
// fluentd_kansoku_* counters are declared by the bundle's own Fluentd configuration
// (`prometheus` filters in fluentd/*.conf; a test holds the two lists to each other).
import { family } from './family.js';

const output = ['plugin_id', 'type', 'hostname'] as const;

export const fluentd = [
  family('fluentd_output_status_buffer_queue_length', 'gauge', output, 'Current buffer queue length.'),
  family('fluentd_output_status_buffer_total_bytes', 'gauge', output, 'Current total size of stage and queue buffers.'),
  family(
    'fluentd_output_status_buffer_available_space_ratio',
    'gauge',
    output,
    'Ratio of available space in buffer, in percent (0 to 100).',
  ),
  family('fluentd_output_status_retry_count', 'gauge', output, 'Current retry counts.'),
  family('fluentd_output_status_num_errors', 'gauge', output, 'Current number of errors.'),
  family('fluentd_output_status_emit_records', 'gauge', output, 'Current emit records.'),
  family('fluentd_output_status_write_count', 'gauge', output, 'Current write counts.'),
  family('fluentd_output_status_rollback_count', 'gauge', output, 'Current rollback counts.'),
  family('fluentd_output_status_retry_wait', 'gauge', output, 'Current retry wait, in seconds.'),
  family(
    'fluentd_input_status_num_records_total',
    'counter',
    ['tag', 'hostname'],
    'The total number of incoming records.',
  ),
  family(
    'fluentd_kansoku_records_truncated_total',
    'counter',
    ['hostname'],
    'Log records whose message was cut to KANSOKU_MAX_MESSAGE_BYTES (fluentd/record.conf).',
  ),
  family(
    'fluentd_kansoku_records_parsed_total',
    'counter',
    ['format', 'hostname'],
    'Log records by how their message was read: format="json" (a JSON object, its fields kept) or "text" (anything else, kept as text in message) (fluentd/record.conf).',
  ),
  family(
    'fluentd_kansoku_error_records_total',
    'counter',
    ['hostname'],
    'Log records routed to the @ERROR label: rejected by Elasticsearch (a mapping conflict) or by a plugin (fluentd/error.conf).',
  ),
] as const;
