// The fields the Fluentd pipeline (fluentd/) adds to a container's log record, beside the
// fields the application wrote (for services using @kansoku/instrumentation, LOG_FIELDS
// in instrumentation/src/logging/fields.ts). With LOG_FIELDS, they give the Elasticsearch
// mapping (src/elasticsearch/log-templates.ts) and the field table in docs/log-pipeline.md.
import type { LogField } from '@kansoku/instrumentation';

export interface PipelineLogField extends Omit<LogField, 'always'> {
  /** The Fluentd stage (fluentd/<file>) that sets it. */
  stage: string;
}

export const PIPELINE_LOG_FIELDS: readonly PipelineLogField[] = [
  {
    name: 'event.id',
    type: 'keyword',
    stage: 'parse.conf',
    description:
      'A hash of the tag (pod, namespace, container, container id), the runtime time, the stream and the line as written; the Elasticsearch _id, and the key the forwarder drops duplicates by.',
  },
  {
    name: 'stream',
    type: 'keyword',
    stage: 'source.conf',
    description: 'stdout or stderr.',
  },
  {
    name: 'kubernetes.namespace_name',
    type: 'keyword',
    stage: 'kubernetes.conf',
    description: 'The pod namespace.',
  },
  { name: 'kubernetes.pod_name', type: 'keyword', stage: 'kubernetes.conf', description: 'The pod name.' },
  { name: 'kubernetes.pod_id', type: 'keyword', stage: 'kubernetes.conf', description: 'The pod UID.' },
  { name: 'kubernetes.pod_ip', type: 'keyword', stage: 'kubernetes.conf', description: 'The pod IP.' },
  { name: 'kubernetes.host', type: 'keyword', stage: 'kubernetes.conf', description: 'The node the pod runs on.' },
  {
    name: 'kubernetes.container_name',
    type: 'keyword',
    stage: 'kubernetes.conf',
    description: 'The container name.',
  },
  {
    name: 'kubernetes.container_image',
    type: 'keyword',
    stage: 'kubernetes.conf',
    description: 'The container image.',
  },
  {
    name: 'kubernetes.container_image_id',
    type: 'keyword',
    stage: 'kubernetes.conf',
    description: 'The image digest the container runs.',
  },
  {
    name: 'kubernetes.namespace_id',
    type: 'keyword',
    stage: 'kubernetes.conf',
    description: 'The namespace UID.',
  },
  {
    name: 'kubernetes.creation_timestamp',
    type: 'date',
    stage: 'kubernetes.conf',
    description: "The namespace's creation time (the metadata filter merges the namespace's metadata).",
  },
  {
    name: 'kubernetes.labels.*',
    type: 'keyword',
    stage: 'kubernetes.conf',
    description: 'The pod labels, keys with "." replaced by "_" (app.kubernetes.io/name → app_kubernetes_io/name).',
  },
  {
    name: 'kubernetes.namespace_labels.*',
    type: 'keyword',
    stage: 'kubernetes.conf',
    description: 'The namespace labels, keys with "." replaced by "_".',
  },
  {
    name: 'kubernetes.orphaned_namespace',
    type: 'keyword',
    stage: 'kubernetes.conf',
    description: "Set instead of the pod's metadata when the API server no longer knows the pod or its namespace.",
  },
  {
    name: 'docker.container_id',
    type: 'keyword',
    stage: 'kubernetes.conf',
    description: 'The container id (from the log file name, or the API server).',
  },
];
