// The links an alert carries: Kibana Discover with the group's query and a time range
// around it filled in (rison in _g and _a, as Kibana's own URLs and ElastAlert's
// kibana_discover do), and a trace link from the configured template.
import type { Group } from './group.js';

export interface LinkOptions {
  discover?: string;
  discoverIndexPattern?: string;
  trace?: string;
}

/** Rison for the few value shapes the links need: strings, numbers, booleans, objects, lists. */
function rison(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return /^[A-Za-z_][\w.-]*$/.test(value) ? value : `'${value.replace(/[!']/g, '!$&')}'`;
  if (Array.isArray(value)) return `!(${value.map(rison).join(',')})`;
  if (value && typeof value === 'object')
    return `(${Object.entries(value)
      .map(([k, v]) => `${rison(k)}:${rison(v)}`)
      .join(',')})`;
  return '!n';
}

const quote = (text: string) => `"${text.replace(/(["\\])/g, '\\$1')}"`;

/** The KQL query that finds the group's records: service, namespace, and type or message. */
export function discoverQuery(group: Group): string {
  const parts = [`service.name:${quote(group.service)}`];
  if (group.namespace) parts.push(`kubernetes.namespace_name:${quote(group.namespace)}`);
  if (group.errorType) parts.push(`error.type:${quote(group.errorType)}`);
  else parts.push(`log.level:(error or fatal)`);
  return parts.join(' and ');
}

const MARGIN_MS = 5 * 60_000;

export function discoverLink(group: Group, options: LinkOptions): string | undefined {
  if (!options.discover) return undefined;
  const from = new Date(group.firstSeen - MARGIN_MS).toISOString();
  const to = new Date(group.lastSeen + MARGIN_MS).toISOString();
  const g = rison({ time: { from, to } });
  const a = rison({
    ...(options.discoverIndexPattern && { index: options.discoverIndexPattern }),
    query: { language: 'kuery', query: discoverQuery(group) },
  });
  return `${options.discover.replace(/[#?].*$/, '')}#/?_g=${encodeURIComponent(g)}&_a=${encodeURIComponent(a)}`;
}

export function traceLink(group: Group, options: LinkOptions): string | undefined {
  if (!options.trace || !group.traceId) return undefined;
  return options.trace.replaceAll('{traceId}', encodeURIComponent(group.traceId));
}
