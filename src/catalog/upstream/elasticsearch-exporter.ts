// prometheus-community/elasticsearch_exporter families the bundle alerts on. Its own
// `cluster` label (the Elasticsearch cluster name) collides with a Prometheus cluster label
// of the same name: Prometheus then keeps the target's and renames the exporter's to
// exported_cluster, so the bundle's queries never group by it.
import { family } from './family.js';

// The labels of every per-node family (from /_nodes/stats).
const nodeLabels = [
  'cluster',
  'host',
  'name',
  'es_master_node',
  'es_data_node',
  'es_ingest_node',
  'es_client_node',
] as const;

// Per node and thread pool (type: write, search, …).
const threadPool = [...nodeLabels, 'type'] as const;

export const elasticsearchExporter = [
  family(
    'elasticsearch_thread_pool_rejected_count',
    'counter',
    threadPool,
    'Thread pool rejected count, by thread pool (type).',
  ),
  family(
    'elasticsearch_thread_pool_completed_count',
    'counter',
    threadPool,
    'Thread pool operations completed, by thread pool (type).',
  ),
  family(
    'elasticsearch_cluster_health_status',
    'gauge',
    ['cluster', 'color'],
    'Whether all primary and replica shards are allocated, by color.',
  ),
  family('elasticsearch_indices_indexing_index_total', 'counter', nodeLabels, 'Total index calls, per node.'),
  family(
    'elasticsearch_indices_indexing_index_time_seconds_total',
    'counter',
    nodeLabels,
    'Cumulative index time in seconds, per node.',
  ),
] as const;
