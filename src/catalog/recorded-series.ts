// The series kansoku's recording rules write. Rules take their `record` names from here and
// dashboards query them by these names, so both sides agree; a test checks every recording
// rule against this list, labels included.
import type { MetricFamily } from '@kansoku/instrumentation';
import type { MonitoringConfig } from '../config/monitoring-config.js';
import { durationSeconds } from '../duration/prometheus-duration.js';

export const RECORDED = {
  /** PLEG relist duration quantiles per node (kubelet.rules). */
  kubeletPlegQuantile: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile',
  /** CPU requested by running and pending pods, per namespace (k8s.rules.container_cpu_requests). */
  namespaceCpuRequests: 'namespace_cpu:kube_pod_container_resource_requests:sum',
  /** Memory requested by running and pending pods, per namespace. */
  namespaceMemoryRequests: 'namespace_memory:kube_pod_container_resource_requests:sum',
  /** The SLO's objective as a series, so dashboards can draw the budget line. */
  sloObjective: 'kansoku_slo:objective:ratio',
} as const;

/** The labels every SLO series carries: which SLO, which indicator, which gRPC service. */
export const SLO_LABELS = { slo: 'slo', sli: 'sli', service: 'grpc_service' } as const;

/** The two indicators an SLO can have. */
export type SliKind = 'availability' | 'latency';

/** The error ratio of an SLO's indicator over one window, e.g. kansoku_slo:sli_error:ratio_rate5m. */
export function sloErrorRatio(window: string): string {
  return `kansoku_slo:sli_error:ratio_rate${window}`;
}

/** Every window the burn-rate policy reads, shortest first. */
export function burnRateWindows(config: MonitoringConfig): string[] {
  const windows = new Set(config.burnRates.flatMap((w) => [w.long, w.short]));
  return [...windows].sort((a, b) => durationSeconds(a) - durationSeconds(b));
}

/** The recorded families, for the name check and for docs. Cluster and target labels are not listed. */
export function recordedSeriesCatalog(config: MonitoringConfig): MetricFamily[] {
  const slo = [SLO_LABELS.slo, SLO_LABELS.sli, SLO_LABELS.service];
  return [
    gauge(
      RECORDED.kubeletPlegQuantile,
      ['instance', 'node', 'quantile'],
      'Quantiles of the kubelet PLEG relist duration, per node.',
    ),
    gauge(
      RECORDED.namespaceCpuRequests,
      ['namespace'],
      'CPU cores requested by pending and running pods, per namespace.',
    ),
    gauge(
      RECORDED.namespaceMemoryRequests,
      ['namespace'],
      'Memory bytes requested by pending and running pods, per namespace.',
    ),
    gauge(RECORDED.sloObjective, slo, 'The objective of an SLO, as a ratio of good events (0.999 for 99.9%).'),
    ...burnRateWindows(config).map((w) =>
      gauge(sloErrorRatio(w), slo, `Share of bad events of an SLO's indicator over the last ${w}.`),
    ),
  ];
}

function gauge(name: string, labels: string[], help: string): MetricFamily {
  return { name, type: 'gauge', help, labels };
}
