// A metric family whose samples are read from the library's own storage at scrape time.
// It implements the part of prom-client's metric interface a Registry uses (get, reset),
// so it appears in registry.metrics() and getMetricsAsJSON() beside ordinary metrics.
import type { MetricFamily } from './catalog.js';

export interface SampleValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
  exemplar?: { labelSet: Record<string, string>; value: number; timestamp: number };
}

export class FamilyCollector {
  readonly name: string;
  readonly help: string;
  readonly type: MetricFamily['type'];
  readonly labelNames: readonly string[];
  readonly aggregator = 'sum';

  constructor(
    family: MetricFamily,
    extraLabels: readonly string[],
    private readonly read: () => SampleValue[],
  ) {
    this.name = family.name;
    this.help = family.help;
    this.type = family.type;
    this.labelNames = [...family.labels, ...extraLabels];
  }

  get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.read() };
  }

  /** Counts belong to the calls that made them; a registry reset does not clear them. */
  reset(): void {}
}
