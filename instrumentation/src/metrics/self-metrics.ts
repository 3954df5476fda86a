// The library's own metrics: build info, and counters of its own failures and drops.
// These change rarely, so ordinary prom-client metrics are fine here.
import { Counter, Gauge, type Registry } from 'prom-client';
import { BUILD_INFO_LABELS, METRICS } from './catalog.js';

export interface SelfMetrics {
  instrumentationErrors: Counter<'component'>;
  spansExported: Counter;
  spansDropped: Counter<'reason'>;
  logsDropped: Counter<'reason'>;
}

export function registerSelfMetrics(
  registry: Registry,
  build: { serviceName: string; serviceVersion: string | undefined; libraryVersion: string },
): SelfMetrics {
  const buildInfo = new Gauge({
    name: METRICS.buildInfo.name,
    help: METRICS.buildInfo.help,
    labelNames: METRICS.buildInfo.labels,
    registers: [registry],
  });
  buildInfo.set(
    {
      [BUILD_INFO_LABELS.serviceName]: build.serviceName,
      [BUILD_INFO_LABELS.serviceVersion]: build.serviceVersion ?? '',
      [BUILD_INFO_LABELS.libraryVersion]: build.libraryVersion,
    },
    1,
  );
  const counter = <L extends string>(family: { name: string; help: string; labels: readonly L[] }) =>
    new Counter<L>({ name: family.name, help: family.help, labelNames: family.labels, registers: [registry] });
  return {
    instrumentationErrors: counter(METRICS.instrumentationErrors),
    spansExported: counter(METRICS.spansExported),
    spansDropped: counter(METRICS.spansDropped),
    logsDropped: counter(METRICS.logsDropped),
  };
}
