// helm/kansoku installed into a real Kubernetes control plane (test/services/cluster.ts:
// etcd, kube-apiserver, controller manager, scheduler, kwok nodes) with prometheus-operator's
// CRDs, by the real helm: every object validated by the API server with strict field
// validation, the Fluentd DaemonSet's pods scheduled on the simulated nodes and reported
// Running, the setup Job created by its hook, an upgrade whose change shows in the API, an
// uninstall that leaves nothing behind.
//
// kwok runs no containers: it reports the pods Running (and the Job's pod Succeeded) as a
// kubelet would, so nothing here runs Fluentd, the forwarder or `kansoku es setup`. The
// Job's command is tested against the real Elasticsearch in test/cli/ (es setup), the
// forwarder against the real Elasticsearch in test/forwarder/, the Fluentd configuration by
// the validator in test/fluentd/.
//
// One cluster for the file (starting it is most of the time); the cases run in order on it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { type Cluster, startCluster } from '../services/cluster.js';
import { helm } from '../services/kubernetes.js';
import { CHART, FORWARDER_ON, type K8sObject, NAMESPACE, parseManifests, RELEASE, template } from './chart.js';

// Every component on: Fluentd, the forwarder, the setup Job, dashboards and rules are on by
// default; the forwarder and the teams' monitor are switched on.
const VALUES = {
  ...FORWARDER_ON,
  grpcServices: { enabled: true },
};
const INSTANCE = `app.kubernetes.io/instance=${RELEASE}`;

interface Item {
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; uid?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

let cluster: Cluster;
let dir: string;
let valuesFile: string;
let base: string[];
/** The kinds the chart renders, hooks included, from `helm template` with VALUES. */
let rendered: K8sObject[];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kansoku-helm-install-'));
  valuesFile = join(dir, 'values.yaml');
  await writeFile(valuesFile, stringify(VALUES));
  cluster = await startCluster({ nodes: 2, prometheusOperatorCrds: true });
  base = ['--kubeconfig', cluster.kubeconfig, '--namespace', NAMESPACE];
  const result = await template({ files: [valuesFile] });
  assert.equal(result.code, 0, result.stderr);
  rendered = parseManifests(result.stdout);
});

after(async () => {
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** `kubectl create --dry-run=server --validate=strict` of objects: the server checks every field. */
async function serverValidation(objects: K8sObject[]): Promise<{ ok: boolean; message: string }> {
  try {
    await cluster.kubectl(
      ['create', '--dry-run=server', '--validate=strict', '-f', '-', '-n', NAMESPACE],
      objects.map((o) => stringify(o)).join('---\n'),
    );
    return { ok: true, message: '' };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

test('the API server accepts every object the chart renders under strict field validation, and would refuse a wrong field', async () => {
  await cluster.kubectl(['create', 'namespace', NAMESPACE]);
  const kinds = new Set(rendered.map((o) => o.kind));
  for (const kind of ['DaemonSet', 'Deployment', 'Job', 'PrometheusRule', 'ServiceMonitor', 'PodMonitor', 'ConfigMap'])
    assert.ok(kinds.has(kind), `the values render no ${kind}`);
  const valid = await serverValidation(rendered);
  assert.ok(valid.ok, valid.message);
  // The same objects with a field Kubernetes does not have, in a built-in kind and in a CRD kind.
  const broken = structuredClone(rendered);
  const daemonSet = broken.find((o) => o.kind === 'DaemonSet') as K8sObject;
  daemonSet.spec.template.spec.containers[0].imagePulPolicy = 'Always';
  const rule = broken.find((o) => o.kind === 'PrometheusRule') as K8sObject;
  rule.spec.groups[0].evalInterval = '1m';
  const refused = await serverValidation(broken);
  assert.equal(refused.ok, false);
  assert.match(refused.message, /unknown field "spec\.template\.spec\.containers\[0\]\.imagePulPolicy"/);
  assert.match(refused.message, /unknown field "spec\.groups\[0\]\.evalInterval"/);
});

test('helm install: every object is in the API server, Fluentd runs on every node, the setup hook ran', async () => {
  const install = await helm(['install', RELEASE, CHART, ...base, '--values', valuesFile, '--wait', '--timeout', '3m']);
  assert.equal(install.code, 0, install.stderr);
  // NOTES.txt tells what was deployed.
  assert.match(install.stdout, /The error-alert forwarder \(1 replica\) receives error records at/);
  assert.match(install.stdout, /notifies alertmanager\./);
  const manifest = parseManifests((await helm(['get', 'manifest', RELEASE, ...base])).stdout);
  assert.deepEqual(
    manifest.map((o) => `${o.kind}/${o.metadata.name}`).sort(),
    rendered
      .filter((o) => !o.metadata.annotations?.['helm.sh/hook'])
      .map((o) => `${o.kind}/${o.metadata.name}`)
      .sort(),
  );
  for (const o of manifest) {
    const namespace = o.metadata.namespace ? ['-n', o.metadata.namespace] : [];
    const got = await cluster.getJson<Item>([o.kind, o.metadata.name, ...namespace]);
    assert.equal(got.metadata.labels?.['app.kubernetes.io/instance'], RELEASE, `${o.kind}/${o.metadata.name}`);
  }
  // One Fluentd pod on each simulated node, reported Running.
  await cluster.waitFor('a Running Fluentd pod on every node', async () => {
    const pods = await cluster.api<{ items: Item[] }>(
      `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=${encodeURIComponent('app.kubernetes.io/component=fluentd')}`,
    );
    const running = pods.items.filter((p) => p.status?.phase === 'Running').map((p) => p.spec?.nodeName);
    return cluster.nodes.every((n) => running.includes(n)) && running.length === cluster.nodes.length;
  });
  // The setup Job: a post-install hook, created by helm and completed (kwok succeeds its pod),
  // then deleted by its hook-succeeded policy; the Job controller's events remain.
  const hooks = parseManifests((await helm(['get', 'hooks', RELEASE, ...base])).stdout);
  const job = hooks.find((o) => o.kind === 'Job') as K8sObject;
  assert.match(job.metadata.annotations?.['helm.sh/hook'] ?? '', /post-install/);
  const events = await cluster.getJson<{ items: { reason: string; involvedObject: { kind: string; name: string } }[] }>(
    ['events', '-n', NAMESPACE, '--field-selector', `involvedObject.kind=Job,involvedObject.name=${job.metadata.name}`],
  );
  const reasons = events.items.map((e) => e.reason);
  assert.ok(reasons.includes('SuccessfulCreate'), `setup Job events: ${reasons.join(', ')}`);
  assert.ok(reasons.includes('Completed'), `setup Job events: ${reasons.join(', ')}`);
});

test('helm upgrade with a changed value: the change is in the API, the ingest token is kept', async () => {
  const tokenOf = async () =>
    (await cluster.getJson<{ data: { token: string } }>(['secret', `${RELEASE}-kansoku-ingest-token`, '-n', NAMESPACE]))
      .data.token;
  const alertsOf = async () => {
    const rules = await cluster.getJson<{ items: { spec: { groups: { rules: { alert?: string }[] }[] } }[] }>([
      'prometheusrules',
      '-n',
      NAMESPACE,
    ]);
    return rules.items.flatMap((r) => r.spec.groups.flatMap((g) => g.rules.map((x) => x.alert)));
  };
  const token = await tokenOf();
  assert.ok((await alertsOf()).includes('KubeCPUOvercommit'));
  const upgrade = await helm([
    'upgrade',
    RELEASE,
    CHART,
    ...base,
    '--values',
    valuesFile,
    '--set',
    'prometheusRules.disabled={KubeCPUOvercommit}',
    '--set',
    'fluentd.logLevel=warn',
    '--wait',
    '--timeout',
    '3m',
  ]);
  assert.equal(upgrade.code, 0, upgrade.stderr);
  const alerts = await alertsOf();
  assert.ok(alerts.includes('KubePodCrashLooping') && !alerts.includes('KubeCPUOvercommit'));
  const daemonSet = await cluster.getJson<{
    spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
  }>(['daemonset', `${RELEASE}-kansoku-fluentd`, '-n', NAMESPACE]);
  const env = daemonSet.spec.template.spec.containers[0]?.env ?? [];
  assert.equal(env.find((e) => e.name === 'FLUENT_LOG_LEVEL')?.value, 'warn');
  assert.equal(await tokenOf(), token, 'the upgrade replaced the ingest token Fluentd and the forwarder share');
  assert.match((await helm(['status', RELEASE, ...base])).stdout, /REVISION: 2/);
});

test('helm uninstall leaves none of the release’s objects behind, in any kind the chart renders', async () => {
  const uninstall = await helm(['uninstall', RELEASE, ...base, '--wait', '--timeout', '3m']);
  assert.equal(uninstall.code, 0, uninstall.stderr);
  // Every kind the chart renders, hooks included, namespaced or not, and the pods of its workloads.
  const kinds = [...new Set([...rendered.map((o) => o.kind), 'Pod', 'ReplicaSet', 'ControllerRevision'])];
  assert.ok(kinds.includes('ClusterRole') && kinds.includes('PriorityClass') && kinds.includes('Job'));
  let left: string[] = [];
  // Deletion is asynchronous (garbage collection of pods and revisions): wait, then say what is left.
  await cluster
    .waitFor('no object of the release left', async () => {
      const items = await cluster.getJson<{ items: Item[] }>([kinds.join(','), '-A', '-l', INSTANCE]);
      left = items.items.map((i) => `${i.kind}/${i.metadata.name}`);
      return left.length === 0;
    })
    .catch(() => undefined);
  assert.deepEqual(left, []);
  // helm's own record of the release is gone too.
  const secrets = await cluster.getJson<{ items: Item[] }>([
    'secrets',
    '-n',
    NAMESPACE,
    '-l',
    `owner=helm,name=${RELEASE}`,
  ]);
  assert.deepEqual(secrets.items, []);
});
