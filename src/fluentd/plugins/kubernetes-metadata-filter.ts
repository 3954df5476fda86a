// fluent-plugin-kubernetes_metadata_filter 3.8.0 (fluent-plugins-nursery),
// lib/fluent/plugin/filter_kubernetes_metadata.rb. 3.8.0 is the first to allow Fluentd
// 1.19 (its gemspec: fluentd >= 0.14.0, < 1.20). The pod watch is node-scoped only when
// the environment variable K8S_NODE_NAME is set (kubernetes_metadata_watch_pods.rb).
import { array, bool, int, str } from '../param-builders.js';
import type { PluginSpec } from '../plugin-spec.js';

export const kubernetesMetadataFilter: readonly PluginSpec[] = [
  {
    kind: 'filter',
    type: 'kubernetes_metadata',
    gem: 'fluent-plugin-kubernetes_metadata_filter',
    version: '3.8.0',
    source: 'lib/fluent/plugin/filter_kubernetes_metadata.rb',
    params: {
      kubernetes_url: str(),
      cache_size: int(),
      cache_ttl: int(),
      ignore_nil: int(),
      watch: bool(),
      apiVersion: str(),
      client_cert: str(),
      client_key: str(),
      ca_file: str(),
      verify_ssl: bool(),
      open_timeout: int(),
      read_timeout: int(),
      tag_to_kubernetes_name_regexp: str(),
      bearer_token_file: str(),
      secret_dir: str(),
      annotation_match: array(),
      stats_interval: int(),
      allow_orphans: bool(),
      orphaned_namespace_name: str(),
      orphaned_namespace_id: str(),
      lookup_from_k8s_field: bool(),
      ssl_partial_chain: bool(),
      skip_labels: bool(),
      skip_pod_labels: bool(),
      skip_namespace_labels: bool(),
      skip_container_metadata: bool(),
      skip_master_url: bool(),
      skip_namespace_metadata: bool(),
      include_ownerrefs_metadata: bool(),
      test_api_adapter: str(),
      watch_retry_interval: int(),
      watch_retry_exponential_backoff_base: int(),
      watch_retry_max_times: int(),
    },
  },
];
