// Prometheus's own series: those it writes for every scrape (they carry only target
// labels), and the head-block figures of its self-scrape that the cardinality dashboard reads.
import { family } from './family.js';

export const prometheusSynthetic = [
  family('up', 'gauge', [], '1 if the last scrape of the target succeeded, 0 if it failed.'),
  family('scrape_duration_seconds', 'gauge', [], 'Duration of the last scrape of the target.'),
  family('scrape_samples_scraped', 'gauge', [], 'Samples the target exposed in the last scrape.'),
  family(
    'scrape_samples_post_metric_relabeling',
    'gauge',
    [],
    'Samples of the last scrape left after metric_relabel_configs: the series the target adds to the head.',
  ),
  family(
    'scrape_series_added',
    'gauge',
    [],
    'Series the last scrape added that the target did not have before (churn).',
  ),
] as const;

export const prometheusServer = [
  family('prometheus_tsdb_head_series', 'gauge', [], 'Series in the head block.'),
  family('prometheus_tsdb_head_series_created_total', 'counter', [], 'Series created in the head block.'),
  family('prometheus_tsdb_head_series_removed_total', 'counter', [], 'Series removed from the head block.'),
] as const;
