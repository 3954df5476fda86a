// One real control plane (etcd, kube-apiserver, controller manager, scheduler, kwok) for
// the whole file: a Deployment goes all the way to available pods on simulated nodes, the
// API server enforces authentication and RBAC, and stop() leaves nothing running.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { apiRequest } from './cluster/api-client.js';
import { deployment } from './cluster/sample-workloads.js';
import { type Cluster, NODE_STATE_LABEL, POD_STATE_LABEL, startCluster } from './cluster.js';
import { groupAlive, isAlive, registered } from './registry.js';

let cluster: Cluster;

before(async () => {
  cluster = await startCluster({ nodes: 2 });
});

after(async () => {
  await cluster?.stop();
});

interface Pod {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { nodeName?: string };
  status: {
    phase: string;
    containerStatuses?: { restartCount: number; state: { waiting?: { reason: string } } }[];
  };
}

test('the API server is Kubernetes v1.35 and the kwok nodes are Ready', async () => {
  const version = await cluster.api<{ gitVersion: string; minor: string }>('/version');
  assert.match(version.gitVersion, /^v1\.35\./);
  const nodes = await cluster.getJson<{ items: { metadata: { name: string } }[] }>(['nodes']);
  assert.deepEqual(nodes.items.map((n) => n.metadata.name).sort(), cluster.nodes);
});

test('a Deployment is scheduled onto the kwok nodes and becomes available', async () => {
  await cluster.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'smoke' } },
    deployment('smoke', 'web', 3),
  ]);
  await cluster.waitFor('deployment smoke/web available', async () => {
    const d = await cluster.api<{ status: { availableReplicas?: number } }>(
      '/apis/apps/v1/namespaces/smoke/deployments/web',
    );
    return d.status.availableReplicas === 3;
  });
  const pods = await cluster.getJson<{ items: Pod[] }>(['pods', '-n', 'smoke']);
  assert.equal(pods.items.length, 3);
  for (const pod of pods.items) {
    assert.equal(pod.status.phase, 'Running');
    assert.ok(cluster.nodes.includes(pod.spec.nodeName ?? ''), `${pod.metadata.name} is on ${pod.spec.nodeName}`);
  }
});

test('kwok keeps a labelled pod in CrashLoopBackOff, and a labelled node NotReady until the label goes', async () => {
  await cluster.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'crash' } },
    deployment('crash', 'crasher', 1, { labels: { [POD_STATE_LABEL]: 'CrashLoopBackOff' } }),
  ]);
  await cluster.waitFor('a crash-looping pod', async () => {
    const pods = await cluster.api<{ items: Pod[] }>('/api/v1/namespaces/crash/pods');
    return pods.items.some((p) => p.status.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff');
  });

  const node = cluster.nodes[1] as string;
  const ready = async () => {
    const n = await cluster.api<{ status: { conditions: { type: string; status: string }[] } }>(
      `/api/v1/nodes/${node}`,
    );
    return n.status.conditions.find((c) => c.type === 'Ready')?.status;
  };
  await cluster.kubectl(['label', 'node', node, `${NODE_STATE_LABEL}=NotReady`]);
  await cluster.waitFor(`${node} NotReady`, async () => (await ready()) === 'False');
  await cluster.kubectl(['label', 'node', node, `${NODE_STATE_LABEL}-`]);
  await cluster.waitFor(`${node} Ready again`, async () => (await ready()) === 'True');
});

test('the API server refuses anonymous and unauthorised requests', async () => {
  const ca = await readFile(cluster.caFile, 'utf8');
  const anonymous = await apiRequest(`${cluster.server}/api/v1/namespaces`, { ca });
  assert.equal(anonymous.status, 403, 'anonymous users may not list namespaces');
  const badToken = await apiRequest(`${cluster.server}/api/v1/namespaces`, { ca, token: 'not-a-token' });
  assert.equal(badToken.status, 401);
  // A service account has no rights until a Role grants them (RBAC is on).
  const token = (await cluster.kubectl(['create', 'token', 'default', '-n', 'smoke'])).trim();
  const asServiceAccount = await apiRequest(`${cluster.server}/api/v1/namespaces/smoke/pods`, { ca, token });
  assert.equal(asServiceAccount.status, 403);
});

test('stop() ends every process of the cluster and removes its files', async () => {
  const other = await startCluster({ nodes: 1, kubeStateMetrics: true, nodeExporter: true });
  const pids = other.processes.map((p) => p.pid);
  // etcd, kube-apiserver, controller manager, scheduler, kwok, kube-state-metrics, node_exporter.
  assert.equal(pids.length, 7);
  assert.ok(pids.every((p) => isAlive(p)));
  // Each is in the registry that npm test's leak check reads.
  const names = new Map(registered().map((entry) => [entry.pid, entry.name]));
  assert.deepEqual(other.processes.map((p) => names.get(p.pid)).sort(), [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    'kube-state-metrics',
    'kwok',
    'node_exporter',
  ]);
  const kubeconfig = other.kubeconfig;
  assert.ok(existsSync(kubeconfig));
  await other.stop();
  assert.deepEqual(
    pids.filter((p) => groupAlive(p)),
    [],
  );
  assert.deepEqual(
    registered().filter((entry) => pids.includes(entry.pid)),
    [],
    'stopped services leave the registry',
  );
  assert.ok(!existsSync(kubeconfig), 'the cluster folder is removed');
});
