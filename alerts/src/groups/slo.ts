// Multi-window, multi-burn-rate SLO rules (Google SRE Workbook, chapter 5), per definition:
// the error ratio of the indicator recorded over every window the policy reads, and one alert
// per window pair that fires when both windows spend the budget `factor` times too fast.
// The long window makes the alert significant, the short one makes it reset quickly.
import { GRPC_LABELS } from '@kansoku/instrumentation';
import { burnRateWindows, RECORDED, SLO_LABELS, sloErrorRatio } from '../../../src/catalog/recorded-series.js';
import { DEFAULT_ERROR_CODES, type SloDefinition } from '../../../src/config/slo.js';
import { durationSeconds } from '../../../src/duration/prometheus-duration.js';
import { ownAlert } from '../alert.js';
import type { Query } from '../query.js';
import type { AlertRule, RecordingRule, RuleGroup } from '../rule.js';

export function sloRecordingRules(q: Query, slos: readonly SloDefinition[]): RuleGroup {
  const windows = burnRateWindows(q.config);
  return {
    name: 'kansoku-slo.rules',
    rules: slos.flatMap((slo): RecordingRule[] => [
      { record: RECORDED.sloObjective, expr: objective(q, slo), labels: sloLabels(slo) },
      ...windows.map((w) => ({ record: sloErrorRatio(w), expr: errorRatio(q, slo, w), labels: sloLabels(slo) })),
    ]),
  };
}

export function sloAlerts(q: Query, slos: readonly SloDefinition[]): RuleGroup {
  return { name: 'kansoku-slo', rules: slos.flatMap((slo) => q.config.burnRates.map((w) => burnAlert(q, slo, w))) };
}

function sloLabels(slo: SloDefinition): Record<string, string> {
  return { [SLO_LABELS.slo]: slo.name, [SLO_LABELS.sli]: slo.indicator.kind, [SLO_LABELS.service]: slo.service };
}

/**
 * The objective as a series. With the cluster label on, one per cluster the service runs in,
 * so that it carries the same labels as the error ratios: dashboards divide one by the other,
 * and offer the clusters and SLOs found on it. `vector()` alone would carry no cluster label.
 */
function objective(q: Query, slo: SloDefinition): string {
  if (q.labels().length === 0) return `vector(${slo.objective})`;
  return `0 * ${q.agg('group', [], callsOf(q, slo))} + ${slo.objective}`;
}

function baseMatchers(q: Query, slo: SloDefinition): (string | undefined)[] {
  const methods =
    slo.methods && slo.methods.length > 0 ? `${GRPC_LABELS.method}=~"${slo.methods.join('|')}"` : undefined;
  return [q.config.selectors.grpcServices, slo.selector, `${GRPC_LABELS.service}="${slo.service}"`, methods];
}

/** The series counting every call of the SLO's indicator. */
function callsOf(q: Query, slo: SloDefinition): string {
  return slo.indicator.kind === 'availability'
    ? q.select(slo.indicator.metric ?? 'grpc_server_handled_total', ...baseMatchers(q, slo))
    : q.select(`${slo.indicator.metric ?? 'grpc_server_handling_seconds'}_count`, ...baseMatchers(q, slo));
}

function errorRatio(q: Query, slo: SloDefinition, window: string): string {
  const base = baseMatchers(q, slo);
  const sum = (inner: string) => q.agg('sum', [], inner);
  const all = callsOf(q, slo);
  if (slo.indicator.kind === 'availability') {
    const metric = slo.indicator.metric ?? 'grpc_server_handled_total';
    const codes = (slo.indicator.errorCodes ?? DEFAULT_ERROR_CODES).join('|');
    const bad = q.select(metric, ...base, `${GRPC_LABELS.code}=~"${codes}"`);
    // The instrumentation exports a code's series only once a call ended with it, so a
    // service that never failed has no bad series at all: `or 0 * all` records 0, not nothing.
    const total = sum(`rate(${all}[${window}])`);
    return `(\n  ${sum(`rate(${bad}[${window}])`)}\n    or\n  0 * ${total}\n)\n/\n${total}`;
  }
  const metric = slo.indicator.metric ?? 'grpc_server_handling_seconds';
  const fast = q.select(`${metric}_bucket`, ...base, leMatcher(slo.indicator.thresholdSeconds));
  return `1 - (\n  ${sum(`rate(${fast}[${window}])`)}\n  /\n  ${sum(`rate(${all}[${window}])`)}\n)`;
}

/**
 * Prometheus 3 stores classic-histogram `le` values in float form ("1.0"), older servers
 * and some clients as written ("1"); a whole-number threshold matches both spellings.
 */
function leMatcher(threshold: number): string {
  return Number.isInteger(threshold) ? `le=~"${threshold}|${threshold}.0"` : `le="${threshold}"`;
}

function burnAlert(q: Query, slo: SloDefinition, w: Query['config']['burnRates'][number]): AlertRule {
  const budget = 1 - slo.objective;
  const threshold = round(w.factor * budget);
  const match = `${SLO_LABELS.slo}="${slo.name}"`;
  const percent = `${round(slo.objective * 100)}%`;
  const [verb, how] =
    slo.indicator.kind === 'availability'
      ? ['failed', '']
      : ['answered', ` slower than ${round(slo.indicator.thresholdSeconds * 1000)}ms`];
  return ownAlert(q, {
    alert: slo.indicator.kind === 'availability' ? 'GrpcAvailabilityBudgetBurn' : 'GrpcLatencyBudgetBurn',
    severity: w.severity,
    for: w.for,
    labels: { tier: w.tier, long: w.long, short: w.short },
    expr: `${q.select(sloErrorRatio(w.long), match)} > ${threshold}\nand\n${q.select(sloErrorRatio(w.short), match)} > ${threshold}`,
    summary:
      slo.indicator.kind === 'availability'
        ? 'A gRPC service is spending its availability error budget too fast.'
        : 'A gRPC service is spending its latency error budget too fast.',
    description: `{{ $labels.grpc_service }}${q.onCluster} ${verb} {{ $value | humanizePercentage }} of its calls${how} over the last ${w.long} and the last ${w.short}; SLO {{ $labels.slo }} (${percent} over ${slo.window}) allows ${round(budget * 100)}%. At ${w.factor} times the sustainable rate, ${budgetShare(w.factor, w.long, slo.window)} of the ${slo.window} error budget goes every ${w.long}.`,
  });
}

/** The share of a whole window's budget that `factor` burns in one long window, e.g. "2%". */
function budgetShare(factor: number, long: string, window: string): string {
  return `${round((100 * factor * durationSeconds(long)) / durationSeconds(window))}%`;
}

function round(n: number): number {
  return Number(n.toPrecision(6));
}
