// helm/kansoku installed into a real Kubernetes control plane (test/services/cluster.ts:
// etcd, kube-apiserver, controllers, scheduler, kwok nodes) with prometheus-operator's
// CRDs: every object accepted and validated by the API server, the Fluentd DaemonSet's
// pods scheduled on the simulated nodes, the setup Job created by its hook, then an
// upgrade and an uninstall that leave nothing behind. kwok runs no containers, so the
// Job's command itself (`kansoku es setup`) is tested against the real Elasticsearch
// elsewhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startCluster } from '../services/cluster.js';
import { helm } from '../services/kubernetes.js';
import { CHART, NAMESPACE, parseManifests, RELEASE } from './chart.js';

interface Item {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

test('helm install, upgrade and uninstall against a real API server with the CRDs', async () => {
  const cluster = await startCluster({ nodes: 2, prometheusOperatorCrds: true });
  try {
    const base = ['--kubeconfig', cluster.kubeconfig, '--namespace', NAMESPACE];
    const install = await helm(['install', RELEASE, CHART, ...base, '--create-namespace', '--wait', '--timeout', '5m']);
    assert.equal(install.code, 0, install.stderr);
    // Every object helm rendered exists in the API server (and so passed its validation).
    const manifest = await helm(['get', 'manifest', RELEASE, ...base]);
    const objects = parseManifests(manifest.stdout);
    assert.ok(objects.length > 20);
    for (const o of objects) {
      const ns = o.metadata.namespace ? ['-n', o.metadata.namespace] : [];
      const got = await cluster.getJson<Item>([o.kind, o.metadata.name, ...ns]);
      assert.equal(got.metadata.name, o.metadata.name, `${o.kind}/${o.metadata.name}`);
    }
    // One Fluentd pod on each simulated node.
    await cluster.waitFor('a Fluentd pod on every node', async () => {
      const pods = await cluster.getJson<{ items: Item[] }>([
        'pods',
        '-n',
        NAMESPACE,
        '-l',
        'app.kubernetes.io/component=fluentd',
      ]);
      const nodes = new Set(pods.items.filter((p) => p.status?.phase === 'Running').map((p) => p.spec?.nodeName));
      return cluster.nodes.every((n) => nodes.has(n));
    });
    // The setup hook ran: its Job was created (and, kwok completing its pod, succeeded).
    const hooks = await helm(['get', 'hooks', RELEASE, ...base]);
    assert.match(hooks.stdout, /kind: Job/);
    const events = await cluster.getJson<{ items: { involvedObject: { kind: string; name: string } }[] }>([
      'events',
      '-n',
      NAMESPACE,
      '--field-selector',
      'involvedObject.kind=Job',
    ]);
    assert.ok(
      events.items.some((e) => e.involvedObject.name.endsWith('-es-setup')),
      'no event of the setup Job',
    );

    const upgrade = await helm([
      'upgrade',
      RELEASE,
      CHART,
      ...base,
      '--wait',
      '--timeout',
      '5m',
      '--set',
      'prometheusRules.disabled={KubeCPUOvercommit}',
    ]);
    assert.equal(upgrade.code, 0, upgrade.stderr);
    const rules = await cluster.getJson<{ items: { spec: { groups: { rules: { alert?: string }[] }[] } }[] }>([
      'prometheusrules',
      '-n',
      NAMESPACE,
    ]);
    const alerts = rules.items.flatMap((r) => r.spec.groups.flatMap((g) => g.rules.map((x) => x.alert)));
    assert.ok(alerts.includes('KubePodCrashLooping') && !alerts.includes('KubeCPUOvercommit'));

    const uninstall = await helm(['uninstall', RELEASE, ...base, '--wait']);
    assert.equal(uninstall.code, 0, uninstall.stderr);
    const left = await cluster.getJson<{ items: Item[] }>([
      'all,configmaps,secrets,prometheusrules,servicemonitors,podmonitors',
      '-n',
      NAMESPACE,
      '-l',
      `app.kubernetes.io/instance=${RELEASE}`,
    ]);
    assert.deepEqual(
      left.items.map((i) => i.metadata.name),
      [],
    );
  } finally {
    await cluster.stop();
  }
});
