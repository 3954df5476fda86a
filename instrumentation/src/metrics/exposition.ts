// Renders a prom-client Registry in the Prometheus text format or in OpenMetrics, chosen
// per scrape from the Accept header. prom-client fixes the format per Registry (and
// renames counters in place when it renders OpenMetrics), so the library renders both
// itself from getMetricsAsJSON(): one registry, either format, exemplars only in OpenMetrics.
import type { Registry } from 'prom-client';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export function wantsOpenMetrics(accept: string | undefined): boolean {
  return accept?.includes('application/openmetrics-text') ?? false;
}

interface JsonValue {
  labels?: Record<string, string | number>;
  value: number;
  metricName?: string;
  exemplar?: { labelSet: Record<string, string | number>; value: number; timestamp?: number } | null;
}

export async function renderRegistry(registry: Registry, openMetrics: boolean): Promise<string> {
  const families = (await registry.getMetricsAsJSON()) as unknown as {
    name: string;
    help: string;
    type: string;
    values: JsonValue[];
  }[];
  const lines: string[] = [];
  for (const family of families) {
    const counter = family.type === 'counter';
    const base = counter && openMetrics ? family.name.replace(/_total$/, '') : family.name;
    lines.push(`# HELP ${base} ${escapeHelp(family.help, openMetrics)}`);
    lines.push(`# TYPE ${base} ${family.type}`);
    for (const v of family.values) {
      let sample = v.metricName ?? family.name;
      if (counter && openMetrics && !sample.endsWith('_total')) sample = `${sample}_total`;
      let line = `${sample}${formatLabels(v.labels)} ${formatValue(v.value)}`;
      if (openMetrics && v.exemplar) {
        const e = v.exemplar;
        line += ` # ${formatLabels(e.labelSet) || '{}'} ${formatValue(e.value)}`;
        if (e.timestamp !== undefined) line += ` ${e.timestamp.toFixed(3)}`;
      }
      lines.push(line);
    }
  }
  if (openMetrics) lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function formatLabels(labels: Record<string, string | number> | undefined): string {
  if (labels === undefined) return '';
  let out = '';
  for (const key in labels) {
    const value = labels[key];
    if (value === undefined) continue;
    out += `${out ? ',' : ''}${key}="${escapeLabel(typeof value === 'number' ? formatValue(value) : value)}"`;
  }
  return out ? `{${out}}` : '';
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function escapeLabel(value: string): string {
  return /[\\\n"]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : value;
}

function escapeHelp(help: string, openMetrics: boolean): string {
  const escaped = help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return openMetrics ? escaped.replace(/"/g, '\\"') : escaped;
}
