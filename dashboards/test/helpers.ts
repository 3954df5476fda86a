// Shared by the dashboard tests: the dashboards as generated now, every query they hold
// (panel targets and variable queries), and where Grafana's JSON Schemas are.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { type BuiltDashboard, buildDashboards } from '../src/index.js';
import { allPanels } from '../src/render.js';

export const repoRoot = join(import.meta.dirname, '../..');

/** Grafana's schemas live beside the repository, never inside it. */
export const grafanaSchemaDir = join(repoRoot, '../shared/schemas/grafana');
export const grafanaSchemasPresent = existsSync(join(grafanaSchemaDir, 'dashboard.jsonschema.json'));
export const NO_SCHEMAS = `Grafana JSON Schemas not found at ${grafanaSchemaDir}: schema validation skipped`;

export interface FoundQuery {
  dashboard: string;
  /** "panel 3 \"Requests\" A" or "variable service". */
  where: string;
  expr: string;
  kind: 'panel' | 'variable';
}

let cached: BuiltDashboard[] | undefined;

/** Built once per test file: building is deterministic (a test proves it), so sharing is safe. */
export function dashboards(): BuiltDashboard[] {
  cached ??= buildDashboards();
  return cached;
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

export function allQueries(): FoundQuery[] {
  return dashboards().flatMap((d) => [...panelQueries(d.model, d.slug), ...variableQueries(d.model, d.slug)]);
}

export interface Builtins {
  /** Stands in for $__rate_interval, $__interval and $__range. */
  rateInterval: string;
  range: string;
}

/**
 * Expands a query as Grafana would before sending it to Prometheus: each label variable to
 * its "All" value (`.*`), each custom variable to its current value, and Grafana's own
 * interval variables to the given durations.
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
