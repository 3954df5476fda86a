// One namespace of everything the cluster dashboards and alerts read about, for tests that
// need kube-state-metrics to export every family the catalogue lists: a Deployment with
// requests, limits and a bound PersistentVolumeClaim, a crash-looping Deployment, a
// StatefulSet, a DaemonSet, a finished Job, a CronJob, an HPA and a ResourceQuota.
// Images are never pulled (kwok runs no containers).
import { POD_STATE_LABEL } from './kwok-stages.js';

const IMAGE = 'registry.invalid/kansoku-sample:1';

const container = (name: string) => ({
  name,
  image: IMAGE,
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
});

const podTemplate = (app: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}) => ({
  metadata: { labels: { app, ...labels } },
  spec: { containers: [container('app')], ...extra },
});

export function sampleWorkloads(namespace: string): object[] {
  const meta = (name: string) => ({ name, namespace });
  const claim = `${namespace}-data`;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: claim },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'manual',
        hostPath: { path: `/tmp/kansoku-never-mounted/${claim}` },
        claimRef: { namespace, name: 'data' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { ...meta('data'), labels: { excluded_from_alerts: 'false' } },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'manual',
        volumeName: claim,
        resources: { requests: { storage: '1Gi' } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('checkout'),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'checkout' } },
        template: podTemplate('checkout', {
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        }),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('crasher'),
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'crasher' } },
        template: podTemplate('crasher', {}, { [POD_STATE_LABEL]: 'CrashLoopBackOff' }),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('ledger'),
      spec: {
        replicas: 1,
        serviceName: 'ledger',
        selector: { matchLabels: { app: 'ledger' } },
        template: podTemplate('ledger'),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('agent'),
      spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate('agent') },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('migrate'),
      spec: { backoffLimit: 0, template: podTemplate('migrate', { restartPolicy: 'Never' }) },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('nightly'),
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: { spec: { template: podTemplate('nightly', { restartPolicy: 'Never' }) } },
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('checkout'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' },
        minReplicas: 2,
        maxReplicas: 4,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('compute'),
      spec: { hard: { pods: '20', 'requests.cpu': '4', 'requests.memory': '4Gi' } },
    },
  ];
}

/**
 * A Deployment of `replicas` pods with one container and no resources; `pod` adds pod labels
 * (`labels`) and any other pod spec field (a nodeSelector that no node matches, say).
 */
export function deployment(namespace: string, name: string, replicas: number, pod: Record<string, unknown> = {}) {
  const { labels = {}, ...spec } = pod as { labels?: Record<string, string> };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...labels } },
        spec: { containers: [{ name: 'app', image: IMAGE }], ...spec },
      },
    },
  };
}
