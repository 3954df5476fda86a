// Checks SLO definitions before any rule is generated. Every problem names the definition
// it belongs to, and all of them are reported at once.
import { GRPC_CODE_NAMES, GRPC_LABELS, metricCatalog } from '@kansoku/instrumentation';
import { parseDuration } from '../duration/prometheus-duration.js';
import { isSelector } from '../promql/selector.js';
import type { MonitoringConfig } from './monitoring-config.js';
import type { SloDefinition } from './slo.js';

const NAME = /^[a-z0-9][a-z0-9._-]*$/;

export function sloProblems(
  definitions: readonly SloDefinition[],
  config: MonitoringConfig,
  buckets: readonly number[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const scrape = parseDuration(config.scrapeInterval) ?? 0;
  const longest = Math.max(...config.burnRates.map((w) => parseDuration(w.long) ?? 0));
  definitions.forEach((slo, i) => {
    const who = typeof slo?.name === 'string' && slo.name !== '' ? `SLO "${slo.name}"` : `SLO #${i + 1}`;
    const add = (message: string) => problems.push(`${who}: ${message}`);
    if (typeof slo !== 'object' || slo === null) {
      add('must be an object');
      return;
    }
    if (typeof slo.name !== 'string' || !NAME.test(slo.name))
      add('name must be lower-case letters, digits, ".", "_" or "-"');
    else if (seen.has(slo.name)) add('name is used by another SLO');
    else seen.add(slo.name);
    if (typeof slo.service !== 'string' || slo.service === '' || /["\\\n]/.test(slo.service)) {
      add('service must be the grpc_service value, without quotes or backslashes');
    }
    const objectiveOk = typeof slo.objective === 'number' && slo.objective > 0 && slo.objective < 1;
    if (!objectiveOk) add(`objective ${JSON.stringify(slo.objective)} is outside (0, 1); write 99.9% as 0.999`);
    const window = typeof slo.window === 'string' ? parseDuration(slo.window) : undefined;
    if (window === undefined) add(`window ${JSON.stringify(slo.window)} is not a duration like 30d`);
    else if (window < scrape) add(`window ${slo.window} is shorter than the scrape interval ${config.scrapeInterval}`);
    else if (window < longest) add(`window ${slo.window} is shorter than the longest burn-rate window`);
    if (slo.selector !== undefined && !isSelector(slo.selector))
      add(`selector ${JSON.stringify(slo.selector)} is not a list of label matchers`);
    if (objectiveOk) {
      // A burn factor that needs more than 100% errors can never fire.
      for (const w of config.burnRates) {
        if (w.factor * (1 - slo.objective) >= 1) {
          add(
            `objective ${slo.objective} leaves a budget so large that the ${w.long}/${w.short} alert (factor ${w.factor}) can never fire`,
          );
        }
      }
    }
    indicatorProblems(slo, buckets, add);
  });
  return problems;
}

function indicatorProblems(slo: SloDefinition, buckets: readonly number[], add: (m: string) => void): void {
  const indicator = slo.indicator;
  if (
    typeof indicator !== 'object' ||
    indicator === null ||
    (indicator.kind !== 'availability' && indicator.kind !== 'latency')
  ) {
    add('indicator.kind must be availability or latency');
    return;
  }
  const metric =
    indicator.metric ??
    (indicator.kind === 'availability' ? 'grpc_server_handled_total' : 'grpc_server_handling_seconds');
  const family = metricCatalog.find((f) => f.name === metric);
  if (!family) {
    add(`indicator.metric ${metric} is not a metric of @kansoku/instrumentation`);
  } else if (indicator.kind === 'availability') {
    if (
      family.type !== 'counter' ||
      !family.labels.includes(GRPC_LABELS.code) ||
      !family.labels.includes(GRPC_LABELS.service)
    ) {
      add(`indicator.metric ${metric} is not a counter with ${GRPC_LABELS.service} and ${GRPC_LABELS.code} labels`);
    }
  } else if (family.type !== 'histogram' || !family.labels.includes(GRPC_LABELS.service)) {
    add(`indicator.metric ${metric} is not a histogram with a ${GRPC_LABELS.service} label`);
  }
  if (indicator.kind === 'availability') {
    const codes = indicator.errorCodes;
    if (codes !== undefined) {
      if (!Array.isArray(codes) || codes.length === 0) add('indicator.errorCodes must list at least one code');
      for (const code of codes ?? []) {
        if (!(GRPC_CODE_NAMES as readonly string[]).includes(code))
          add(`indicator.errorCodes: ${JSON.stringify(code)} is not a gRPC code (Go spelling, e.g. Unavailable)`);
        else if (code === 'OK') add('indicator.errorCodes: OK cannot be an error');
      }
    }
  } else if (!buckets.includes(indicator.thresholdSeconds)) {
    add(
      `indicator.thresholdSeconds ${JSON.stringify(indicator.thresholdSeconds)} is not a bucket boundary (${buckets.join(', ')})`,
    );
  }
}
