// kubernetes-mixin's kubernetes-system-kubelet group, curated: nodes that are not ready or
// unreachable, kubelets that are down, full or hanging, and kubelet certificates expiring.
import { RECORDED } from '../../../src/catalog/recorded-series.js';
import { durationSeconds } from '../../../src/duration/prometheus-duration.js';
import { upstreamAlert } from '../alert.js';
import type { Query } from '../query.js';
import type { AlertRule, RuleGroup } from '../rule.js';

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
      ...certificateAlerts(q, nodeName),
    ],
  };
}

/**
 * The kubelet's client certificate (to the API server) and serving certificate: expiring
 * soon, and failing to renew. Without rotation (or with it broken) a node drops out of the
 * cluster when its certificate expires. Upstream gives the expiry alerts no `for`.
 */
function certificateAlerts(q: Query, nodeName: string): AlertRule[] {
  const c = q.onCluster;
  const t = q.config.thresholds;
  const withNode = (expr: string) => `(\n  ${expr}\n)\n* ${q.on('instance')} group_left (node)\n${nodeName}`;
  const kinds = [
    {
      kind: 'Client',
      ttl: 'kubelet_certificate_manager_client_ttl_seconds',
      errors: 'kubelet_certificate_manager_client_expiration_renew_errors',
      what: 'client certificate (to the API server)',
    },
    {
      kind: 'Server',
      ttl: 'kubelet_certificate_manager_server_ttl_seconds',
      errors: 'kubelet_server_expiration_renew_errors',
      what: 'serving certificate',
    },
  ] as const;
  return kinds.flatMap(({ kind, ttl, errors, what }) => [
    ...(
      [
        ['warning', t.kubeletCertExpirationWarning],
        ['critical', t.kubeletCertExpirationCritical],
      ] as const
    ).map(([severity, within]) =>
      upstreamAlert(q, {
        alert: `Kubelet${kind}CertificateExpiration`,
        severity,
        for: '0s',
        expr: withNode(`${q.from('kubelet', ttl)} < ${durationSeconds(within)}`),
        summary: `A kubelet's ${what} is about to expire.`,
        description: `The ${what} of the kubelet on node {{ $labels.node }}${c} expires in {{ $value | humanizeDuration }}.`,
      }),
    ),
    upstreamAlert(q, {
      alert: `Kubelet${kind}CertificateRenewalErrors`,
      severity: 'warning',
      for: '15m',
      expr: withNode(`increase(${q.from('kubelet', errors)}[5m]) > 0`),
      summary: `A kubelet fails to renew its ${what}.`,
      description: `The kubelet on node {{ $labels.node }}${c} failed to renew its ${what} {{ $value | humanize }} times in the last 5 minutes.`,
    }),
  ]);
}
