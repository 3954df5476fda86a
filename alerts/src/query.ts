// Small helpers that write PromQL fragments from the monitoring configuration, so that rule
// builders never spell a selector or the cluster label themselves.

import { m, type UpstreamMetricName } from '../../src/catalog/upstream-metrics.js';
import { clusterLabels, type MonitoringConfig, type Selectors } from '../../src/config/monitoring-config.js';

export class Query {
  constructor(readonly config: MonitoringConfig) {}

  /** `metric{matchers…}` with empty matchers left out. */
  select(metric: string, ...matchers: (string | undefined)[]): string {
    const list = matchers.map((s) => s?.trim()).filter((s): s is string => Boolean(s));
    return list.length > 0 ? `${metric}{${list.join(', ')}}` : metric;
  }

  /** An upstream metric with the selector of its exporter, and the namespace selector when asked. */
  from(exporter: keyof Selectors, metric: UpstreamMetricName, ...matchers: (string | undefined)[]): string {
    return this.select(m(metric), ...matchers, this.config.selectors[exporter]);
  }

  /** One series of an upstream histogram (`_bucket`, `_sum` or `_count`) with its exporter's selector. */
  histogram(
    exporter: keyof Selectors,
    metric: UpstreamMetricName,
    suffix: '_bucket' | '_sum' | '_count',
    ...matchers: (string | undefined)[]
  ): string {
    return this.select(`${m(metric)}${suffix}`, ...matchers, this.config.selectors[exporter]);
  }

  /** A kube-state-metrics series of a namespaced object: the namespace selector applies. */
  ksm(metric: UpstreamMetricName, ...matchers: (string | undefined)[]): string {
    return this.from('kubeStateMetrics', metric, ...matchers, this.config.namespaceSelector);
  }

  /** A kube-state-metrics series of a cluster-scoped object (nodes, persistent volumes). */
  ksmCluster(metric: UpstreamMetricName, ...matchers: (string | undefined)[]): string {
    return this.from('kubeStateMetrics', metric, ...matchers);
  }

  /** The grouping labels with the cluster label first when it is used. */
  labels(...labels: string[]): string[] {
    return [...clusterLabels(this.config), ...labels];
  }

  /** ` by (cluster, a, b)`, or nothing when there is nothing to group by. */
  by(...labels: string[]): string {
    const all = this.labels(...labels);
    return all.length > 0 ? ` by (${all.join(', ')})` : '';
  }

  /** `on (cluster, a)`; `on ()` when empty, which matches one-to-one on no labels. */
  on(...labels: string[]): string {
    return `on (${this.labels(...labels).join(', ')})`;
  }

  /** An aggregation, e.g. agg('sum', ['namespace'], x) → `sum by (namespace) (x)`. */
  agg(op: string, labels: string[], inner: string): string {
    return `${op}${this.by(...labels)} (${inner})`;
  }

  /** ` on cluster {{ $labels.cluster }}` for descriptions, when the cluster label is used. */
  get onCluster(): string {
    const { name, enabled } = this.config.clusterLabel;
    return enabled ? ` on cluster {{ $labels.${name} }}` : '';
  }
}

/** Indents every line after the first, to nest a multi-line expression inside another. */
export function indent(text: string, spaces = 2): string {
  return text.replaceAll('\n', `\n${' '.repeat(spaces)}`);
}
