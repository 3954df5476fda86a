// Small PromQL string builders shared by every queries module. They only assemble text;
// which metric and label a query names always comes from a catalogue constant, so that
// the name check in dashboards/test can trace every name back to its source.

/** Grafana's interval for rate() that is always at least four scrape intervals. */
export const RATE_INTERVAL = '$__rate_interval';
/** The dashboard's whole time range, for stat panels that summarise it. */
export const RANGE = '$__range';

/** `label=~"$variable"`: every template variable is matched as a regex so "All" (`.*`) works. */
export function varMatch(label: string, variable: string): string {
  return `${label}=~"$${variable}"`;
}

/** Joins matchers into a selector body; empty parts (an unset cluster label, say) drop out. */
export function matchers(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join(', ');
}

/** `metric{matchers}`. */
export function series(metric: string, ...parts: (string | undefined)[]): string {
  return `${metric}{${matchers(...parts)}}`;
}

export function rate(selector: string, window: string = RATE_INTERVAL): string {
  return `rate(${selector}[${window}])`;
}

export function increase(selector: string, window: string = RANGE): string {
  return `increase(${selector}[${window}])`;
}

/** `sum by (labels) (expr)`; with no labels, a plain `sum(expr)`. */
export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `sum(${expr})` : `sum by (${labels.join(', ')}) (${expr})`;
}

export function maxBy(labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `max(${expr})` : `max by (${labels.join(', ')}) (${expr})`;
}

/** The q-quantile of a classic histogram, per `by` group, from its `_bucket` series. */
export function histogramQuantile(
  q: number,
  histogram: string,
  by: readonly string[],
  ...parts: (string | undefined)[]
): string {
  return `histogram_quantile(${q}, ${sumBy(['le', ...by], rate(series(`${histogram}_bucket`, ...parts)))})`;
}

/** Mean of a classic histogram per `by` group: rate of `_sum` over rate of `_count`. */
export function histogramMean(histogram: string, by: readonly string[], ...parts: (string | undefined)[]): string {
  return `${sumBy(by, rate(series(`${histogram}_sum`, ...parts)))} / ${sumBy(by, rate(series(`${histogram}_count`, ...parts)))}`;
}

/** A regex alternation of values, for `label=~"a|b|c"` matchers. */
export function oneOf(values: readonly string[]): string {
  return values.join('|');
}

/** `{{a}} {{b}}` legend format for a set of labels. */
export function legend(...labels: string[]): string {
  return labels.map((l) => `{{${l}}}`).join(' ');
}

/**
 * `part / whole` that reads 0, not "no data", when `part` has no series at all (no errors
 * yet): both sides must be aggregated by the same labels for the `or` to line up.
 */
export function ratioOrZero(part: string, whole: string): string {
  return `(${part} or ${whole} * 0) / ${whole}`;
}

/**
 * A label of a catalogued family, checked by the compiler: `labelOf(METRICS.nodejsGcDuration, 'kind')`
 * only compiles when the catalogue lists `kind` on that family.
 */
export function labelOf<F extends { labels: readonly string[] }, L extends F['labels'][number]>(
  _family: F,
  label: L,
): L {
  return label;
}
