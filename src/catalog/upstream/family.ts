// A tiny constructor for the upstream catalogues, so that each entry reads as one line of
// facts (name, type, labels, help) and keeps its literal name type for typed look-ups.
import type { MetricFamily, MetricType } from '@kansoku/instrumentation';

export interface UpstreamFamily<N extends string = string> extends MetricFamily {
  name: N;
}

export function family<N extends string>(
  name: N,
  type: MetricType,
  labels: readonly string[],
  help: string,
): UpstreamFamily<N> {
  return { name, type, help, labels };
}
