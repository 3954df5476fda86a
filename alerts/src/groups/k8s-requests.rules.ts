// Recording rules: resources requested per namespace by pods that hold them (pending or
// running), which KubeCPUOvercommit and KubeMemoryOvercommit compare with the cluster.
import { RECORDED } from '../../../src/catalog/recorded-series.js';
import type { Query } from '../query.js';
import type { RuleGroup } from '../rule.js';

export function k8sRequestsRules(q: Query): RuleGroup[] {
  return (['cpu', 'memory'] as const).map((resource) => ({
    name: `k8s.rules.container_${resource}_requests`,
    rules: [
      {
        record: resource === 'cpu' ? RECORDED.namespaceCpuRequests : RECORDED.namespaceMemoryRequests,
        // max by container removes duplicates from several kube-state-metrics replicas;
        // the phase join drops finished pods, whose requests no longer hold capacity.
        expr: `
sum by (${q.labels('namespace').join(', ')}) (
  sum by (${q.labels('namespace', 'pod').join(', ')}) (
    max by (${q.labels('namespace', 'pod', 'container').join(', ')}) (
      ${q.from('kubeStateMetrics', 'kube_pod_container_resource_requests', `resource="${resource}"`)}
    )
    * ${q.on('namespace', 'pod')} group_left ()
    max by (${q.labels('namespace', 'pod').join(', ')}) (
      ${q.from('kubeStateMetrics', 'kube_pod_status_phase', 'phase=~"Pending|Running"')} == 1
    )
  )
)`.trim(),
      },
    ],
  }));
}
