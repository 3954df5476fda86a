// Kubernetes workload: are the pods of a workload running and ready, how do they use CPU
// and memory against what they request and are limited to, are they throttled, and will
// their volumes fill up?
import { m } from '../../../src/catalog/index.js';
import { TARGET, VARS } from '../context.js';
import type { DashboardDefinition } from '../definition.js';
import { row, statPanel, tablePanel, timeSeriesPanel } from '../panels.js';
import { legend, matchers, varMatch } from '../promql.js';
import { labelVariable } from '../variables.js';
import { CREATED_BY, kubernetesWorkloadQueries, WORKLOAD_VARS } from './queries.js';

const POD = legend(TARGET.pod);
const CONTAINER = `${legend(TARGET.pod)}/${legend(TARGET.container)}`;

export const kubernetesWorkload: DashboardDefinition = {
  slug: 'kubernetes-workload',
  title: 'kansoku / Kubernetes workload',
  description:
    'The pods of one workload: restarts and states, CPU and memory against requests and limits, CPU throttling, and persistent volume usage with its prediction.',
  tags: ['kubernetes'],
  source: 'dashboards/src/kubernetes-workload/dashboard.ts',
  clusterMetric: m('kube_pod_info'),
  build(shell, ctx) {
    const q = kubernetesWorkloadQueries(ctx);
    const base = matchers(ctx.selector('kubeStateMetrics'), ctx.cluster);
    const inNamespace = matchers(base, varMatch(TARGET.namespace, VARS.namespace));
    shell
      .withVariable(
        labelVariable({
          name: VARS.namespace,
          label: 'Namespace',
          description: 'Namespaces kube-state-metrics reports pods in.',
          of: TARGET.namespace,
          metric: m('kube_pod_info'),
          matchers: base,
        }),
      )
      .withVariable(
        labelVariable({
          name: WORKLOAD_VARS.workload,
          label: 'Workload',
          description:
            'The controller that created the pods: a ReplicaSet (one Deployment revision), StatefulSet, DaemonSet or Job.',
          of: CREATED_BY,
          metric: m('kube_pod_info'),
          matchers: inNamespace,
        }),
      )
      .withVariable(
        labelVariable({
          name: VARS.pod,
          label: 'Pod',
          description: 'Pods of the picked workloads.',
          of: TARGET.pod,
          metric: m('kube_pod_info'),
          matchers: matchers(inNamespace, varMatch(CREATED_BY, WORKLOAD_VARS.workload)),
          // Panels filter by pod only: All must mean the workload's pods, not every pod.
          allListed: true,
        }),
      );

    shell
      .withRow(row('Pods'))
      .withPanel(
        statPanel({
          title: 'Pods running',
          description: 'Picked pods in the Running phase.',
          unit: 'short',
          queries: [{ expr: q.podsRunning() }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Pods not ready',
          description: 'Picked pods whose Ready condition is false: they receive no traffic from their Services.',
          unit: 'short',
          thresholds: [
            [null, 'green'],
            [1, 'red'],
          ],
          queries: [{ expr: q.podsNotReady() }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Container restarts in range',
          description: 'Container restarts over the dashboard’s time range.',
          unit: 'short',
          thresholds: [
            [null, 'green'],
            [1, 'yellow'],
            [5, 'red'],
          ],
          queries: [{ expr: q.restartsInRange() }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Containers waiting',
          description: 'Containers that are not running: pulling an image, crash-looping, or blocked on configuration.',
          unit: 'short',
          thresholds: [
            [null, 'green'],
            [1, 'yellow'],
          ],
          queries: [{ expr: q.containersWaiting() }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Pods by phase',
          description: 'Picked pods per phase: Pending, Running, Succeeded, Failed, Unknown.',
          unit: 'short',
          stack: true,
          queries: [{ expr: q.podsByPhase(), legend: legend(q.labels.phase) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Container restarts',
          description: 'Restarts per container over each rate interval.',
          unit: 'short',
          queries: [{ expr: q.restarts(), legend: CONTAINER }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Waiting containers by reason',
          description: 'Why containers wait: CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError…',
          unit: 'short',
          stack: true,
          queries: [{ expr: q.waitingByReason(), legend: legend(q.labels.reason) }],
        }),
      )
      .withPanel(
        tablePanel({
          title: 'Last termination reason',
          description:
            'Why each container last stopped (OOMKilled, Error, Completed), for containers that have stopped at least once.',
          width: 12,
          queries: [{ expr: q.lastTerminated(), legend: 'Terminated' }],
        }),
      );

    shell
      .withRow(row('CPU'))
      .withPanel(
        timeSeriesPanel({
          title: 'CPU usage, requests and limits',
          description: 'Cores used per pod, beside the cores its containers request and are limited to.',
          unit: 'short',
          width: 24,
          queries: [
            { expr: q.cpuUsage(), legend: `usage ${POD}` },
            { expr: q.cpuRequests(), legend: `request ${POD}` },
            { expr: q.cpuLimits(), legend: `limit ${POD}` },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'CPU usage of request',
          description:
            'Cores used over cores requested, per container: above 1 the container borrows idle CPU it may lose.',
          unit: 'percentunit',
          min: 0,
          queries: [{ expr: q.cpuOfRequest(), legend: CONTAINER }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'CPU throttling',
          description:
            'Share of CFS periods in which the container hit its CPU limit and was paused. The line is the CPUThrottlingHigh threshold.',
          unit: 'percentunit',
          min: 0,
          thresholdLines: [
            [null, 'green'],
            [q.throttlingThreshold, 'red'],
          ],
          queries: [{ expr: q.throttled(), legend: CONTAINER }],
        }),
      );

    shell
      .withRow(row('Memory'))
      .withPanel(
        timeSeriesPanel({
          title: 'Memory usage, requests and limits',
          description:
            'Working set per pod (what the kernel counts toward the limit), beside the memory its containers request and are limited to.',
          unit: 'bytes',
          width: 24,
          queries: [
            { expr: q.memoryUsage(), legend: `usage ${POD}` },
            { expr: q.memoryRequests(), legend: `request ${POD}` },
            { expr: q.memoryLimits(), legend: `limit ${POD}` },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Memory usage of limit',
          description: 'Working set over the memory limit, per container: at 1 the container is OOM-killed.',
          unit: 'percentunit',
          min: 0,
          thresholdLines: [
            [null, 'green'],
            [0.9, 'red'],
          ],
          queries: [{ expr: q.memoryOfLimit(), legend: CONTAINER }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'OOM events',
          description: 'Out-of-memory kills per container over each rate interval.',
          unit: 'short',
          queries: [{ expr: q.oomEvents(), legend: CONTAINER }],
        }),
      );

    shell
      .withRow(row('Persistent volumes'))
      .withPanel(
        timeSeriesPanel({
          title: 'Volume space used',
          description:
            'Used over capacity of each claim the picked pods mount. Lines mark the KubePersistentVolumeFillingUp warning and critical levels.',
          unit: 'percentunit',
          min: 0,
          max: 1,
          thresholdLines: [
            [null, 'green'],
            [q.volumeUsedWarning, 'orange'],
            [q.volumeUsedCritical, 'red'],
          ],
          queries: [{ expr: q.volumeUsed(), legend: legend(q.labels.pvc) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: `Free space predicted ${q.predictionHorizon} ahead`,
          description: `Free bytes of each claim ${q.predictionHorizon} from now, extrapolated from the last ${q.predictionWindow}; below 0 the volume fills up within ${q.predictionHorizon}.`,
          unit: 'bytes',
          thresholdLines: [
            [null, 'red'],
            [0, 'green'],
          ],
          queries: [{ expr: q.volumePredictedFree(), legend: legend(q.labels.pvc) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Volume inodes used',
          description:
            'Inodes used over inodes available, per claim: a volume can fill up with small files before its bytes do.',
          unit: 'percentunit',
          min: 0,
          max: 1,
          queries: [{ expr: q.inodesUsed(), legend: legend(q.labels.pvc) }],
        }),
      );
  },
};
