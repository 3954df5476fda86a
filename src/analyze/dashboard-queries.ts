// The PromQL queries of Grafana dashboards the user points `kansoku analyze` at: dashboard
// JSON as Grafana exports it (bare or wrapped in {"dashboard": …}), or ConfigMaps whose data
// holds such JSON (how kube-prometheus-stack and the Grafana sidecar ship them).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AnalyzeError } from './errors.js';
import { grafanaToPromql } from './grafana-expr.js';
import type { QuerySource } from './query-source.js';

interface GrafanaPanel {
  id?: number;
  title?: string;
  type?: string;
  targets?: { expr?: unknown; refId?: string }[];
  panels?: GrafanaPanel[];
}

interface GrafanaDashboard {
  title?: string;
  uid?: string;
  panels?: GrafanaPanel[];
  rows?: { panels?: GrafanaPanel[] }[];
  templating?: { list?: { name?: string; type?: string; query?: unknown; definition?: string }[] };
}

/** Dashboard files under each path (a file, or a folder searched for .json/.yaml/.yml). */
export function dashboardFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new AnalyzeError(`--dashboards ${path}: no such file or folder`);
    }
    if (!isDir) return [path];
    return readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((name) => ['.json', '.yaml', '.yml'].includes(extname(name)))
      .sort()
      .map((name) => join(path, name));
  });
}

export function dashboardFileQueries(file: string): QuerySource[] {
  const text = readFileSync(file, 'utf8');
  const dashboards = extname(file) === '.json' ? [parseJson(file, text)] : configMapDashboards(file, text);
  return dashboards.flatMap(({ where, value }) => dashboardQueries(asDashboard(where, value), where));
}

/** Every query of one dashboard model: panel targets (rows and nested panels too) and query variables. */
export function dashboardQueries(model: GrafanaDashboard, where: string): QuerySource[] {
  const user = `dashboard "${model.title ?? model.uid ?? where}"`;
  const out: QuerySource[] = [];
  const visit = (panels: readonly GrafanaPanel[] | undefined) => {
    for (const panel of panels ?? []) {
      for (const target of panel.targets ?? []) {
        if (typeof target.expr !== 'string' || target.expr.trim() === '') continue;
        out.push({
          user,
          where: `${where} panel ${panel.id ?? '?'} "${panel.title ?? ''}" ${target.refId ?? ''}`.trim(),
          expr: grafanaToPromql(target.expr),
        });
      }
      visit(panel.panels);
    }
  };
  visit(model.panels);
  for (const row of model.rows ?? []) visit(row.panels);
  for (const variable of model.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const raw = typeof variable.query === 'string' ? variable.query : (variable.query as { query?: unknown })?.query;
    const expr = typeof raw === 'string' ? variableExpr(raw) : undefined;
    if (expr) out.push({ user, where: `${where} variable ${variable.name ?? '?'}`, expr: grafanaToPromql(expr) });
  }
  return out;
}

/**
 * The PromQL inside a Prometheus data source's variable query: label_values(selector, label)
 * reads the selector (and the label), query_result(expr) the expression; label_values(label)
 * and label_names() read no metric.
 */
function variableExpr(query: string): string | undefined {
  const q = query.trim();
  const labelValues = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)$/s.exec(q);
  if (labelValues?.[1]) return `count by (${labelValues[2]}) (${labelValues[1]})`;
  if (/^label_values\(\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)$/.test(q) || /^label_names\(/.test(q)) return undefined;
  const result = /^query_result\((.*)\)$/s.exec(q);
  if (result?.[1]) return result[1];
  const metrics = /^metrics\((.*)\)$/s.exec(q);
  if (metrics?.[1]) return `{__name__=~"${metrics[1].trim().replace(/"/g, '\\"')}"}`;
  return q === '' ? undefined : q;
}

function parseJson(file: string, text: string): { where: string; value: unknown } {
  try {
    return { where: file, value: JSON.parse(text) };
  } catch (error) {
    throw new AnalyzeError(`${file}: not a dashboard: not valid JSON (${(error as Error).message})`);
  }
}

function configMapDashboards(file: string, text: string): { where: string; value: unknown }[] {
  const docs = parseAllDocuments(text);
  const out: { where: string; value: unknown }[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new AnalyzeError(`${file}: not valid YAML: ${doc.errors[0]?.message}`);
    }
    const value = doc.toJS() as { kind?: string; data?: Record<string, unknown> } | null;
    if (value === null) continue;
    if (value.kind !== 'ConfigMap' || !value.data) {
      throw new AnalyzeError(
        `${file}: not a dashboard: a YAML dashboard file must hold ConfigMaps whose data are dashboard JSON`,
      );
    }
    for (const [key, json] of Object.entries(value.data)) {
      if (key.endsWith('.json') && typeof json === 'string') out.push(parseJson(`${file} ${key}`, json));
    }
  }
  if (out.length === 0) throw new AnalyzeError(`${file}: not a dashboard: no *.json data key`);
  return out;
}

function asDashboard(where: string, value: unknown): GrafanaDashboard {
  const inner =
    value && typeof value === 'object' && 'dashboard' in value ? (value as { dashboard: unknown }).dashboard : value;
  if (
    !inner ||
    typeof inner !== 'object' ||
    Array.isArray(inner) ||
    !(Array.isArray((inner as GrafanaDashboard).panels) || Array.isArray((inner as GrafanaDashboard).rows))
  ) {
    throw new AnalyzeError(`${where}: not a Grafana dashboard (it has no "panels" list)`);
  }
  return inner as GrafanaDashboard;
}
