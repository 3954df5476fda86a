// kubernetes-mixin's kubernetes-system-kubelet group, curated: nodes that are not ready or
// unreachable, and kubelets that are down, full or hanging.
import { RECORDED } from '../../../src/catalog/recorded-series.js';
import { upstreamAlert } from '../alert.js';
import type { Query } from '../query.js';
import type { RuleGroup } from '../rule.js';

export function kubernetesSystemKubelet(q: Query): RuleGroup {
  const c = q.onCluster;
  const t = q.config.thresholds;
  const onNode = q.on('node');
  // A cordoned node is being worked on: its state is expected.
  const schedulable = `${q.ksmCluster('kube_node_spec_unschedulable')} == 0`;
  const nodeName = `max by (${q.labels('instance', 'node').join(', ')}) (${q.from('kubelet', 'kubelet_node_name')})`;
  return {
    name: 'kubernetes-system-kubelet',
    rules: [
      upstreamAlert(q, {
        alert: 'KubeNodeNotReady',
        severity: 'warning',
        for: '15m',
        expr: `${q.ksmCluster('kube_node_status_condition', 'condition="Ready"', 'status="true"')} == 0\nand ${onNode}\n${schedulable}`,
        summary: 'A node is not ready.',
        description: `Node {{ $labels.node }}${c} has not been Ready for more than 15 minutes.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeNodeUnreachable',
        severity: 'warning',
        for: '15m',
        // Nodes an autoscaler or a spot-termination handler is taking away are unreachable on purpose.
        expr: `
(
  ${q.ksmCluster('kube_node_spec_taint', 'key="node.kubernetes.io/unreachable"', 'effect="NoSchedule"')}
    unless ignoring (key, value)
  ${q.ksmCluster('kube_node_spec_taint', `key=~"${t.nodeUnreachableIgnoreKeys.join('|')}"`)}
) == 1`,
        summary: 'A node is unreachable.',
        description: `Node {{ $labels.node }}${c} is tainted unreachable: the control plane has lost contact with its kubelet, and its workloads are being rescheduled.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeNodeReadinessFlapping',
        severity: 'warning',
        for: '15m',
        expr: `
sum by (${q.labels('node').join(', ')}) (
  changes(${q.ksmCluster('kube_node_status_condition', 'condition="Ready"', 'status="true"')}[15m])
) > ${t.nodeReadinessFlaps}
and ${onNode}
${schedulable}`,
        summary: 'A node keeps changing between ready and not ready.',
        description: `Node {{ $labels.node }}${c} changed its Ready condition {{ $value }} times in the last 15 minutes.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeletPlegDurationHigh',
        severity: 'warning',
        for: '5m',
        expr: `${q.select(RECORDED.kubeletPlegQuantile, 'quantile="0.99"')} >= ${t.kubeletPlegSeconds}`,
        summary: 'The kubelet is slow to see container changes.',
        description: `The kubelet on node {{ $labels.node }}${c} takes {{ $value }} seconds (99th percentile) to relist pods in its pod lifecycle event generator; the node or its container runtime may be hanging.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeletTooManyPods',
        severity: 'info',
        for: '15m',
        expr: `
(
  max by (${q.labels('instance').join(', ')}) (${q.from('kubelet', 'kubelet_running_pods')} > 1)
  * ${q.on('instance')} group_left (node)
  ${nodeName}
)
  / ${onNode} group_left ()
max by (${q.labels('node').join(', ')}) (${q.ksmCluster('kube_node_status_capacity', 'resource="pods"')} != 1)
  > ${t.kubeletPodsRatio}`,
        summary: 'A node is close to its pod limit.',
        description: `The kubelet on node {{ $labels.node }}${c} runs {{ $value | humanizePercentage }} of the pods it can hold.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeletDown',
        severity: 'critical',
        for: '15m',
        // Nodes exist (kube-state-metrics says so) but no kubelet target answers.
        expr: `
${q.agg('count', [], q.ksmCluster('kube_node_info'))}
unless ${q.on()}
${q.agg('count', [], `${q.select('up', q.config.selectors.kubelet)} == 1`)}`,
        summary: 'No kubelet can be scraped.',
        description: `The cluster${c} has nodes, but no kubelet target has been scraped successfully for 15 minutes.`,
      }),
    ],
  };
}
