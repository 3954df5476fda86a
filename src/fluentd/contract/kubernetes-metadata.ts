// kubernetes.conf: what fluent-plugin-kubernetes_metadata_filter 3.8.0 adds to a record,
// from the Pod and Namespace objects the API server returns (get_metadata_for_record in
// filter_kubernetes_metadata.rb, parse_pod_metadata and parse_namespace_metadata in
// kubernetes_metadata_common.rb; the configuration sets skip_master_url and no
// annotation_match), then label keys with "." replaced by "_" (the record_transformer
// after it).
import type { FluentEvent, FluentRecord } from './event.js';

export interface PodObject {
  metadata: { name: string; namespace: string; uid: string; labels?: Record<string, string> };
  spec: { nodeName: string };
  status: {
    podIP?: string;
    containerStatuses?: { name: string; image: string; imageID: string; containerID?: string }[];
  };
}

export interface NamespaceObject {
  metadata: { name: string; uid: string; creationTimestamp: string; labels?: Record<string, string> };
}

export interface ClusterObjects {
  pods: PodObject[];
  namespaces: NamespaceObject[];
}

/** REGEX_VAR_LOG_CONTAINERS, the part of the default tag_to_kubernetes_name_regexp that in_tail's tags match. */
const VAR_LOG_CONTAINERS =
  /(var\.log\.containers)\.(?<pod_name>[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)_(?<namespace>[^_]+)_(?<container_name>.+)-(?<docker_id>[a-z0-9]{64})\.log$/;

function dedot(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k.replaceAll('.', '_'), v]));
}

function metadataFor(tag: string, cluster: ClusterObjects): FluentRecord | undefined {
  const m = VAR_LOG_CONTAINERS.exec(tag)?.groups;
  if (m === undefined) return undefined;
  const {
    pod_name: podName,
    namespace,
    container_name: containerName,
    docker_id: dockerId,
  } = m as Record<string, string>;
  const kubernetes: FluentRecord = { container_name: containerName, namespace_name: namespace, pod_name: podName };
  const docker: FluentRecord = { container_id: dockerId };
  const pod = cluster.pods.find((p) => p.metadata.namespace === namespace && p.metadata.name === podName);
  const ns = cluster.namespaces.find((n) => n.metadata.name === namespace);
  if (pod === undefined || ns === undefined) {
    // allow_orphans (default true).
    Object.assign(kubernetes, { orphaned_namespace: namespace, namespace_name: '.orphaned', namespace_id: 'orphaned' });
    return { docker, kubernetes };
  }
  const status = pod.status.containerStatuses?.find((c) => c.name === containerName);
  if (status !== undefined) {
    kubernetes.container_image = status.image;
    if (status.imageID !== '') kubernetes.container_image_id = status.imageID;
    const id = (status.containerID ?? '').replace(/^[-_a-zA-Z0-9]+:\/\//, '');
    if (id !== '') docker.container_id = id;
  }
  const podMetadata: FluentRecord = {
    namespace_name: pod.metadata.namespace,
    pod_id: pod.metadata.uid,
    pod_name: pod.metadata.name,
    pod_ip: pod.status.podIP,
    host: pod.spec.nodeName,
  };
  if (pod.metadata.labels && Object.keys(pod.metadata.labels).length > 0) podMetadata.labels = pod.metadata.labels;
  const namespaceMetadata: FluentRecord = {
    namespace_id: ns.metadata.uid,
    creation_timestamp: ns.metadata.creationTimestamp,
  };
  if (ns.metadata.labels && Object.keys(ns.metadata.labels).length > 0)
    namespaceMetadata.namespace_labels = ns.metadata.labels;
  for (const [k, v] of Object.entries({ ...podMetadata, ...namespaceMetadata })) if (v !== undefined) kubernetes[k] = v;
  return { docker, kubernetes };
}

export function addKubernetesMetadata(events: FluentEvent[], cluster: ClusterObjects): FluentEvent[] {
  return events.map(({ tag, record }) => {
    const metadata = metadataFor(tag, cluster);
    const merged: FluentRecord = metadata === undefined ? { ...record } : { ...record, ...metadata };
    const k = merged.kubernetes as FluentRecord | undefined;
    if (k !== undefined && typeof k === 'object') {
      const out: FluentRecord = { ...k };
      for (const f of ['labels', 'namespace_labels'])
        if (typeof k[f] === 'object' && k[f] !== null) out[f] = dedot(k[f] as Record<string, string>);
      merged.kubernetes = out;
    }
    return { tag, record: merged };
  });
}
