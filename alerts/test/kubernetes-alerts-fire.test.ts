// kubernetes-mixin's workload alerts, firing for real: a real control plane with kwok nodes,
// real kube-state-metrics, and the generated rules in a real Prometheus. Each scenario is a
// namespace (or a node) in the state the alert is about; a healthy namespace beside them
// must raise none of these alerts. `for` is shortened through the alerts configuration
// (createAlertsConfig's `for`) so that the test does not wait 15 minutes; nothing else changes.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deployment } from '../../test/services/cluster/sample-workloads.js';
import { type Cluster, NODE_STATE_LABEL, POD_STATE_LABEL, startCluster } from '../../test/services/cluster.js';
import { type PrometheusService, startPrometheus } from '../../test/services/prometheus.js';
import { buildRuleFiles } from '../src/build.js';
import { createAlertsConfig } from '../src/config.js';
import { renderRuleFile } from '../src/render.js';

const WATCHED = [
  'KubePodCrashLooping',
  'KubeDeploymentReplicasMismatch',
  'KubeNodeNotReady',
  'KubeJobFailed',
  'KubeQuotaExceeded',
] as const;
const SHORT_FOR = '10s';

let cluster: Cluster;
let prometheus: PrometheusService;
let rulesDir: string;
let notReadyNode: string;

const IMAGE = 'registry.invalid/app:1';

function job(namespace: string, name: string, podLabels: Record<string, string> = {}) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels: podLabels },
        spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: IMAGE }] },
      },
    },
  };
}

const quota = (namespace: string, pods: number) => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'pods', namespace },
  spec: { hard: { pods: String(pods) } },
});

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

interface Deployment {
  status: { updatedReplicas?: number; availableReplicas?: number };
}

before(async () => {
  cluster = await startCluster({ nodes: 3, kubeStateMetrics: true });
  notReadyNode = cluster.nodes[2] as string;
  await cluster.kubectl(['label', 'node', notReadyNode, `${NODE_STATE_LABEL}=NotReady`]);
  await cluster.apply([
    namespace('crash'),
    namespace('stuck'),
    namespace('batch'),
    namespace('quota'),
    namespace('healthy'),
    deployment('crash', 'crasher', 1, { labels: { [POD_STATE_LABEL]: 'CrashLoopBackOff' } }),
    // No node carries this label: the pods stay Pending.
    deployment('stuck', 'stuck', 2, { nodeSelector: { 'kansoku.test/nowhere': 'true' } }),
    job('batch', 'broken', { [POD_STATE_LABEL]: 'Failed' }),
    quota('quota', 10),
    deployment('quota', 'filler', 3),
    deployment('healthy', 'web', 2),
    job('healthy', 'nightly'),
    quota('healthy', 10),
  ]);
  // The polls read the API server directly: a kubectl process costs ~0.08 CPU-s, a request
  // ~0.001 (npm run bench -- cluster-cpu).
  await cluster.waitFor('the filler pods counted against the quota', async () => {
    const q = await cluster.api<{ status: { used?: { pods?: string } } }>(
      '/api/v1/namespaces/quota/resourcequotas/pods',
    );
    return q.status.used?.pods === '3';
  });
  // Lowering a quota below what is already used is how a namespace ends up over it.
  await cluster.apply(quota('quota', 2));
  await cluster.waitFor(
    'every scenario in its state',
    async () => {
      const stuck = await cluster.api<Deployment>('/apis/apps/v1/namespaces/stuck/deployments/stuck');
      const web = await cluster.api<Deployment>('/apis/apps/v1/namespaces/healthy/deployments/web');
      const broken = await cluster.api<{ status: { failed?: number } }>('/apis/batch/v1/namespaces/batch/jobs/broken');
      const nightly = await cluster.api<{ status: { succeeded?: number } }>(
        '/apis/batch/v1/namespaces/healthy/jobs/nightly',
      );
      const q = await cluster.api<{ status: { hard?: { pods?: string } } }>(
        '/api/v1/namespaces/quota/resourcequotas/pods',
      );
      const crash = await cluster.api<{
        items: { status: { containerStatuses?: { state: { waiting?: { reason: string } } }[] } }[];
      }>('/api/v1/namespaces/crash/pods');
      return (
        stuck.status.updatedReplicas === 2 &&
        web.status.availableReplicas === 2 &&
        broken.status.failed === 1 &&
        nightly.status.succeeded === 1 &&
        q.status.hard?.pods === '2' &&
        crash.items.some((p) => p.status.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff')
      );
    },
    120_000,
  );

  // Prometheus starts once the scenarios have settled, so that the mismatch alert's
  // "no rollout moving for 10m" (changes(...[10m]) == 0) holds from its first evaluation.
  rulesDir = await mkdtemp(join(tmpdir(), 'kansoku-alerts-fire-'));
  const files = buildRuleFiles(createAlertsConfig({ for: Object.fromEntries(WATCHED.map((a) => [a, SHORT_FOR])) }));
  const ruleFiles: string[] = [];
  for (const file of files) {
    const path = join(rulesDir, `${file.name}.yaml`);
    await writeFile(path, renderRuleFile(file));
    ruleFiles.push(path);
  }
  // Only what the watched alerts read (kube-state-metrics): no rule reads the API server's
  // own metrics, and scraping its exposition every second costs the API server and
  // Prometheus ~5 CPU-s a minute together, over the five minutes this file waits
  // (npm run bench -- cluster-cpu --prometheus [--skip-jobs apiserver]). The dashboards
  // test is the one that has Prometheus scrape the API server.
  const scrape = cluster.scrapeTargets.filter((t) => t.job !== 'apiserver');
  // Rules every 5 s rather than every second: Prometheus evaluating every generated rule
  // costs it 0.87 CPU-s a minute at 1 s and 0.37 at 5 s (npm run bench -- cluster-cpu
  // --prometheus --skip-jobs apiserver --rules --evaluation-interval …); with `for` at 10 s
  // an alert still fires within seconds, and the waits below are minutes long.
  prometheus = await startPrometheus({ scrape, ruleFiles, evaluationInterval: '5s' });
  await prometheus.waitForTargetsUp(60_000);
});

after(async () => {
  await prometheus?.stop();
  await cluster?.stop();
  if (rulesDir) await rm(rulesDir, { recursive: true, force: true });
});

interface ActiveAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/** The watched alerts Prometheus has active, as "Alert{key labels}" strings, sorted. */
async function watchedAlerts(state?: ActiveAlert['state']): Promise<string[]> {
  const { alerts } = await prometheus.api<{ alerts: ActiveAlert[] }>('alerts');
  return alerts
    .filter((a) => (WATCHED as readonly string[]).includes(a.labels.alertname ?? ''))
    .filter((a) => !state || a.state === state)
    .map((a) => {
      const l = a.labels;
      const key = [l.namespace, l.deployment ?? l.job_name ?? l.resource, l.node].filter(Boolean).join('/');
      return `${l.alertname}{${key}}`;
    })
    .sort();
}

const expected = () =>
  [
    // The crash-looping pod is never available either: its Deployment is short too.
    'KubeDeploymentReplicasMismatch{crash/crasher}',
    'KubeDeploymentReplicasMismatch{stuck/stuck}',
    'KubeJobFailed{batch/broken}',
    `KubeNodeNotReady{${notReadyNode}}`,
    'KubePodCrashLooping{crash}',
    'KubeQuotaExceeded{quota/pods}',
  ].sort();

test('each broken thing raises its alert, and the healthy namespace and nodes raise none', async () => {
  await prometheus.process.waitUntilReady(async () => {
    const firing = await watchedAlerts('firing');
    return expected().every((e) => firing.includes(e));
  }, 180_000);
  // Pending counts too: nothing healthy may even be on its way to firing.
  assert.deepEqual(await watchedAlerts(), expected());
});

test('the crash-loop alert resolves once the Deployment is fixed', async () => {
  await cluster.waitFor('KubePodCrashLooping firing', async () =>
    (await watchedAlerts('firing')).includes('KubePodCrashLooping{crash}'),
  );
  // The fix: pods without the crash-loop label start normally (a new ReplicaSet rolls out).
  await cluster.apply(deployment('crash', 'crasher', 1));
  await cluster.waitFor(
    'the fixed crasher available',
    async () =>
      (await cluster.api<Deployment>('/apis/apps/v1/namespaces/crash/deployments/crasher')).status.availableReplicas ===
      1,
  );
  // max_over_time(...[5m]) remembers the crash loop for five minutes after the last sample.
  await prometheus.process.waitUntilReady(
    async () => !(await watchedAlerts()).some((a) => a.startsWith('KubePodCrashLooping')),
    7 * 60_000,
  );
  const left = await watchedAlerts();
  assert.ok(!left.includes('KubeDeploymentReplicasMismatch{crash/crasher}'), 'the Deployment is whole again');
  assert.ok(left.includes('KubeJobFailed{batch/broken}'), 'the other scenarios are untouched');
});
