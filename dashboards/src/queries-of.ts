// Every query a built dashboard holds, and how Grafana expands one before Prometheus sees
// it. Generation uses these to refuse a dashboard that names an unknown metric or label;
// the tests use them to send each query to a real Prometheus.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { allPanels } from './render.js';

export interface FoundQuery {
  dashboard: string;
  /** `panel 3 "Requests" A` or `variable service`. */
  where: string;
  expr: string;
  kind: 'panel' | 'variable';
}

export function panelQueries(model: dashboard.Dashboard, slug: string): FoundQuery[] {
  const out: FoundQuery[] = [];
  for (const panel of allPanels(model)) {
    if (panel.type === 'row') continue;
    for (const t of ((panel as dashboard.Panel).targets ?? []) as { expr?: string; refId?: string }[]) {
      out.push({
        dashboard: slug,
        where: `panel ${panel.id} "${panel.title}" ${t.refId}`,
        expr: t.expr ?? '',
        kind: 'panel',
      });
    }
  }
  return out;
}

const LABEL_VALUES = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/s;

/** The series selector inside each `label_values(selector, label)` variable query, and the label. */
export function variableQueries(model: dashboard.Dashboard, slug: string): (FoundQuery & { label: string })[] {
  const out: (FoundQuery & { label: string })[] = [];
  for (const v of model.templating?.list ?? []) {
    if (v.type !== 'query') continue;
    const m = LABEL_VALUES.exec(String(v.query));
    if (!m?.[1] || !m[2]) throw new Error(`${slug} variable ${v.name}: not a label_values() query: ${String(v.query)}`);
    out.push({ dashboard: slug, where: `variable ${v.name}`, expr: m[1], label: m[2], kind: 'variable' });
  }
  return out;
}

export interface Builtins {
  /** Stands in for $__rate_interval and $__interval. */
  rateInterval: string;
  /** Stands in for $__range. */
  range: string;
}

/**
 * Expands a query as Grafana would before sending it: each label variable to its "All"
 * value (`.*`), each custom variable to its current value, Grafana's interval variables to
 * the given durations. Throws when a variable is left, so no query goes out half-expanded.
 */
export function expandVariables(expr: string, model: dashboard.Dashboard, builtins: Builtins): string {
  let out = expr
    .replaceAll('$__rate_interval', builtins.rateInterval)
    .replaceAll('$__interval', builtins.rateInterval)
    .replaceAll('$__range', builtins.range);
  for (const v of model.templating?.list ?? []) {
    const value =
      v.type === 'custom' ? String((v.current as { value?: unknown } | undefined)?.value ?? '') : (v.allValue ?? '.*');
    out = out.replaceAll(`\${${v.name}}`, value).replace(new RegExp(`\\$${v.name}\\b`, 'g'), value);
  }
  if (/\$\w/.test(out)) throw new Error(`unexpanded variable left in ${out}`);
  return out;
}
