import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addKubernetesMetadata, type ClusterObjects } from '../../../src/fluentd/contract/kubernetes-metadata.js';

const id = 'a'.repeat(64);
const tag = `kubernetes.var.log.containers.web-1_prod_app-${id}.log`;
const cluster: ClusterObjects = {
  pods: [
    {
      metadata: {
        name: 'web-1',
        namespace: 'prod',
        uid: 'u1',
        labels: { 'app.kubernetes.io/name': 'web', app: 'web' },
      },
      spec: { nodeName: 'n1' },
      status: {
        podIP: '10.0.0.5',
        containerStatuses: [
          { name: 'app', image: 'img:1', imageID: 'img@sha256:1', containerID: `containerd://${'b'.repeat(64)}` },
        ],
      },
    },
  ],
  namespaces: [{ metadata: { name: 'prod', uid: 'n-u', creationTimestamp: '2026-01-01T00:00:00Z' } }],
};

test('pod and namespace metadata, container id from the API, label keys without dots', () => {
  const [out] = addKubernetesMetadata([{ tag, record: { message: 'm' } }], cluster);
  assert.deepEqual(out?.record, {
    message: 'm',
    docker: { container_id: 'b'.repeat(64) },
    kubernetes: {
      container_name: 'app',
      namespace_name: 'prod',
      pod_name: 'web-1',
      container_image: 'img:1',
      container_image_id: 'img@sha256:1',
      pod_id: 'u1',
      pod_ip: '10.0.0.5',
      host: 'n1',
      labels: { 'app_kubernetes_io/name': 'web', app: 'web' },
      namespace_id: 'n-u',
      creation_timestamp: '2026-01-01T00:00:00Z',
    },
  });
});

test('a pod the API no longer knows is an orphan', () => {
  const [out] = addKubernetesMetadata([{ tag: tag.replace('web-1', 'gone-1'), record: {} }], cluster);
  assert.deepEqual(out?.record.kubernetes, {
    container_name: 'app',
    namespace_name: '.orphaned',
    pod_name: 'gone-1',
    orphaned_namespace: 'prod',
    namespace_id: 'orphaned',
  });
  assert.deepEqual(out?.record.docker, { container_id: id });
});
