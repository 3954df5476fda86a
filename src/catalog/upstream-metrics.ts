// The upstream exporters' families that kansoku's alerts and dashboards read (and a few
// node-level ones, see upstream/node-exporter.ts), one list per exporter under upstream/.
// A query naming anything else fails the name check, which is the point.
import type { MetricFamily } from '@kansoku/instrumentation';
import { apiserver } from './upstream/apiserver.js';
import { cadvisor } from './upstream/cadvisor.js';
import { elasticsearchExporter } from './upstream/elasticsearch-exporter.js';
import { fluentd } from './upstream/fluentd.js';
import { forwarder } from './upstream/forwarder.js';
import { goRuntime } from './upstream/go-runtime.js';
import { kubeStateMetrics } from './upstream/kube-state-metrics.js';
import { kubelet } from './upstream/kubelet.js';
import { nodeExporter } from './upstream/node-exporter.js';
import { prometheusServer, prometheusSynthetic } from './upstream/prometheus.js';

/** The families by exporter, for documentation and for dashboards grouped by source. */
export const UPSTREAM_EXPORTERS = {
  'kube-state-metrics': kubeStateMetrics,
  kubelet,
  cadvisor,
  'node-exporter': nodeExporter,
  apiserver,
  prometheus: prometheusSynthetic,
  'prometheus-server': prometheusServer,
  fluentd,
  'elasticsearch-exporter': elasticsearchExporter,
  'kansoku-forwarder': forwarder,
  'go-runtime': goRuntime,
} as const;

export type UpstreamExporter = keyof typeof UPSTREAM_EXPORTERS;

type Families = (typeof UPSTREAM_EXPORTERS)[UpstreamExporter][number];

/** Every upstream family name, as a type: a typo in m('…') fails to compile. */
export type UpstreamMetricName = Families['name'];

/** Every upstream family, in exporter order. */
export const upstreamMetricCatalog: readonly MetricFamily[] = Object.values(UPSTREAM_EXPORTERS).flat();

const byName = new Map<string, MetricFamily>(upstreamMetricCatalog.map((f) => [f.name, f]));

/** The family of an upstream metric name. */
export function upstreamMetric(name: UpstreamMetricName): MetricFamily {
  const family = byName.get(name);
  if (!family) throw new Error(`upstream catalogue lost ${name}`);
  return family;
}

/** The name itself, checked at compile time: lets queries say m('kube_pod_info') instead of a bare string. */
export function m(name: UpstreamMetricName): string {
  return upstreamMetric(name).name;
}
