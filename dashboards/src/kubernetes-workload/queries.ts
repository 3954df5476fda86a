// PromQL of the Kubernetes workload dashboard. Pod state comes from kube-state-metrics,
// usage from cAdvisor, volume stats from the kubelet; each is found through its selector
// in the monitoring configuration, and usage is set against the requests and limits
// kube-state-metrics reports for the same containers.
import { m } from '../../../src/catalog/index.js';
import { durationSeconds } from '../../../src/duration/prometheus-duration.js';
import { type DashboardContext, TARGET, VARS } from '../context.js';
import { increase, matchers, maxBy, RANGE, rate, series, sumBy, varMatch } from '../promql.js';

export const WORKLOAD_VARS = { workload: 'workload' } as const;

/** kube-state-metrics' label naming a pod's controller (a Deployment's pods name their ReplicaSet). */
export const CREATED_BY = 'created_by_name';
const PHASE = 'phase';
const REASON = 'reason';
const RESOURCE = 'resource';
const CONDITION = 'condition';
const PVC = 'persistentvolumeclaim';

export function kubernetesWorkloadQueries(ctx: DashboardContext) {
  const { thresholds } = ctx.monitoring;
  const picked = [varMatch(TARGET.namespace, VARS.namespace), varMatch(TARGET.pod, VARS.pod)];
  const ksm = matchers(ctx.selector('kubeStateMetrics'), ctx.cluster, ...picked);
  // cAdvisor also reports the pod's own cgroup (container="") and the pause container.
  const cadvisor = matchers(ctx.selector('cadvisor'), ctx.cluster, ...picked, 'container!=""', 'container!="POD"');
  const kubelet = matchers(ctx.selector('kubelet'), ctx.cluster, varMatch(TARGET.namespace, VARS.namespace));
  const perPod = [...ctx.clusterBy, TARGET.namespace, TARGET.pod];
  const perContainer = [...perPod, TARGET.container];
  const perClaim = [...ctx.clusterBy, TARGET.namespace, PVC];
  /** Only the claims the picked pods mount. */
  const mountedByPicked = (expr: string) =>
    `(${expr}) and on (${perClaim.join(', ')}) ${maxBy(perClaim, series(m('kube_pod_spec_volumes_persistentvolumeclaims_info'), ksm))}`;
  const resource = (kind: 'requests' | 'limits', name: 'cpu' | 'memory', by: readonly string[]) =>
    sumBy(
      by,
      series(
        kind === 'requests' ? m('kube_pod_container_resource_requests') : m('kube_pod_container_resource_limits'),
        ksm,
        `${RESOURCE}="${name}"`,
      ),
    );
  const cpuUsage = (by: readonly string[]) => sumBy(by, rate(series(m('container_cpu_usage_seconds_total'), cadvisor)));
  const memoryUsage = (by: readonly string[]) => sumBy(by, series(m('container_memory_working_set_bytes'), cadvisor));
  return {
    perPod,
    perContainer,
    labels: { phase: PHASE, reason: REASON, pvc: PVC },
    podsRunning: () => sumBy([], series(m('kube_pod_status_phase'), ksm, `${PHASE}="Running"`)),
    podsNotReady: () => sumBy([], series(m('kube_pod_status_ready'), ksm, `${CONDITION}="false"`)),
    restartsInRange: () => sumBy([], increase(series(m('kube_pod_container_status_restarts_total'), ksm), RANGE)),
    containersWaiting: () => sumBy([], series(m('kube_pod_container_status_waiting_reason'), ksm)),
    podsByPhase: () => sumBy([PHASE], series(m('kube_pod_status_phase'), ksm)),
    restarts: () =>
      sumBy(perContainer, increase(series(m('kube_pod_container_status_restarts_total'), ksm), '$__rate_interval')),
    waitingByReason: () => sumBy([REASON], series(m('kube_pod_container_status_waiting_reason'), ksm)),
    lastTerminated: () =>
      `${sumBy([...perContainer, REASON], series(m('kube_pod_container_status_last_terminated_reason'), ksm))} > 0`,
    cpuUsage: () => cpuUsage(perPod),
    cpuRequests: () => resource('requests', 'cpu', perPod),
    cpuLimits: () => resource('limits', 'cpu', perPod),
    cpuOfRequest: () => `${cpuUsage(perContainer)} / ${resource('requests', 'cpu', perContainer)}`,
    throttled: () =>
      `${sumBy(perContainer, increase(series(m('container_cpu_cfs_throttled_periods_total'), cadvisor), '$__rate_interval'))} / ${sumBy(perContainer, increase(series(m('container_cpu_cfs_periods_total'), cadvisor), '$__rate_interval'))}`,
    throttlingThreshold: thresholds.cpuThrottlingPercent / 100,
    memoryUsage: () => memoryUsage(perPod),
    memoryRequests: () => resource('requests', 'memory', perPod),
    memoryLimits: () => resource('limits', 'memory', perPod),
    memoryOfLimit: () => `${memoryUsage(perContainer)} / ${resource('limits', 'memory', perContainer)}`,
    oomEvents: () =>
      sumBy(perContainer, increase(series(m('container_oom_events_total'), cadvisor), '$__rate_interval')),
    volumeUsed: () =>
      mountedByPicked(
        `${maxBy(perClaim, series(m('kubelet_volume_stats_used_bytes'), kubelet))} / ${maxBy(perClaim, series(m('kubelet_volume_stats_capacity_bytes'), kubelet))}`,
      ),
    volumeUsedWarning: 1 - thresholds.volumeFreeSpaceWarning,
    volumeUsedCritical: 1 - thresholds.volumeFreeSpaceCritical,
    inodesUsed: () =>
      mountedByPicked(
        `${maxBy(perClaim, series(m('kubelet_volume_stats_inodes_used'), kubelet))} / ${maxBy(perClaim, series(m('kubelet_volume_stats_inodes'), kubelet))}`,
      ),
    /** The same prediction KubePersistentVolumeFillingUp uses: free bytes one horizon ahead. */
    volumePredictedFree: () =>
      mountedByPicked(
        maxBy(
          perClaim,
          `predict_linear(${series(m('kubelet_volume_stats_available_bytes'), kubelet)}[${thresholds.volumeFullPredictionSampleTime}], ${durationSeconds(thresholds.volumeFullPredictionHorizon)})`,
        ),
      ),
    predictionWindow: thresholds.volumeFullPredictionSampleTime,
    predictionHorizon: thresholds.volumeFullPredictionHorizon,
  };
}
