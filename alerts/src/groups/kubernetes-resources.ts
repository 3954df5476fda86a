// kubernetes-mixin's kubernetes-resources group, curated: requests the cluster cannot hold,
// quotas used up, CPU throttling.
import { RECORDED } from '../../../src/catalog/recorded-series.js';
import { upstreamAlert } from '../alert.js';
import type { Query } from '../query.js';
import type { RuleGroup } from '../rule.js';

export function kubernetesResources(q: Query): RuleGroup {
  const c = q.onCluster;
  const t = q.config.thresholds;
  const quotaKey = q.labels('namespace', 'resource', 'resourcequota').join(', ');
  // used ÷ hard per quota; topk and max make each side one series per quota even when
  // several kube-state-metrics replicas report it.
  const quotaRatio = `
topk by (${quotaKey}) (1,
  max without (instance, job, type) (${q.ksm('kube_resourcequota', 'type="used"')})
)
  / on (${quotaKey}) group_left ()
topk by (${quotaKey}) (1,
  max without (instance, job, type) (${q.ksm('kube_resourcequota', 'type="hard"')}) > 0
)`;
  return {
    name: 'kubernetes-resources',
    rules: [
      upstreamAlert(q, {
        alert: 'KubeCPUOvercommit',
        severity: 'warning',
        for: '10m',
        expr: overcommit(q, 'cpu', RECORDED.namespaceCpuRequests),
        summary: 'The cluster could not hold its CPU requests after losing a node.',
        description: `Pods${c} request {{ $value }} CPU cores more than the cluster could still allocate if its largest node failed.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeMemoryOvercommit',
        severity: 'warning',
        for: '10m',
        expr: overcommit(q, 'memory', RECORDED.namespaceMemoryRequests),
        summary: 'The cluster could not hold its memory requests after losing a node.',
        description: `Pods${c} request {{ $value | humanize }} bytes of memory more than the cluster could still allocate if its largest node failed.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeQuotaAlmostFull',
        severity: 'info',
        for: '15m',
        expr: `${quotaRatio}\n  > ${t.quotaAlmostFullRatio} < 1`,
        summary: 'A namespace quota is almost used up.',
        description: `Namespace {{ $labels.namespace }}${c} uses {{ $value | humanizePercentage }} of its {{ $labels.resource }} quota.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeQuotaExceeded',
        severity: 'warning',
        for: '15m',
        expr: `${quotaRatio}\n  > 1`,
        summary: 'A namespace uses more than its quota.',
        description: `Namespace {{ $labels.namespace }}${c} uses {{ $value | humanizePercentage }} of its {{ $labels.resource }} quota.`,
      }),
      upstreamAlert(q, {
        alert: 'CPUThrottlingHigh',
        severity: 'info',
        for: '15m',
        expr: cpuThrottling(q),
        summary: 'A container is often CPU throttled.',
        description: `Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }}${c} was throttled in {{ $value | humanizePercentage }} of its CPU periods.`,
      }),
    ],
  };
}

/**
 * Requests above what the cluster could allocate without its largest node. A cluster of
 * fewer than three control-plane nodes cannot survive losing one anyway, so there the test
 * is simply requests above allocatable.
 */
function overcommit(q: Query, resource: 'cpu' | 'memory', recorded: string): string {
  const sum = (inner: string) => q.agg('sum', [], inner);
  const requested = sum(recorded);
  const allocatable = q.ksmCluster('kube_node_status_allocatable', `resource="${resource}"`);
  return `
(
  (
    ${requested}
      -
    ${sum(allocatable)} > 0
  )
  and
  ${q.agg('count', [], q.agg('max', ['node'], q.ksmCluster('kube_node_role', 'role="control-plane"')))} < 3
)
or
(
  ${requested}
    -
  (
    (
      ${sum(allocatable)}
        -
      ${q.agg('max', [], allocatable)}
    ) > 0
  ) > 0
)`;
}

function cpuThrottling(q: Query): string {
  const key = q.labels('namespace', 'pod', 'container', 'instance').join(', ');
  const dropped = 'id, metrics_path, name, image, endpoint, job, node';
  const extra = q.config.thresholds.cpuThrottlingPercent / 100;
  return `
sum without (${dropped}) (
  topk by (${key}) (1,
    increase(${q.from('cadvisor', 'container_cpu_cfs_throttled_periods_total', 'container!=""')}[5m])
  )
)
  / on (${key}) group_left ()
sum without (${dropped}) (
  topk by (${key}) (1,
    increase(${q.from('cadvisor', 'container_cpu_cfs_periods_total')}[5m])
  )
)
  > ${extra}`;
}
