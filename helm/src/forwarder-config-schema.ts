// The forwarder's configuration (forwarder.yaml) as the chart accepts it in
// forwarder.config, derived from the forwarder's own schema (src/forwarder/config/schema.ts)
// so that the two cannot drift: a setting the forwarder gains is a value at the next
// `npm run generate`, one it loses is refused by helm. What changes on the way:
//   - the settings the chart owns are left out (listen addresses, the ingest token, the
//     SQLite path, the Elasticsearch credentials): a user setting them would be overridden;
//   - `inputs` is not required (the chart always opens the HTTP ingest for Fluentd);
//   - the forwarder's own formats (ajv plugins) become patterns helm's validator knows, and
//     a string may also be a `${VAR}` reference, which the forwarder expands at start;
//   - every property gets a description naming its path in docs/forwarder.md and its default.
import { CONFIG_SCHEMA } from '../../src/forwarder/config/schema.js';
import type { Schema } from './schema-builders.js';

/** Paths (dot-separated) the chart sets itself; each must exist in the forwarder's schema. */
export const CHART_OWNED_SETTINGS = [
  'inputs.http.listen',
  'inputs.http.token',
  'metrics',
  'state.sqlite.path',
  'inputs.elasticsearch.username',
  'inputs.elasticsearch.password',
  'state.elasticsearch.username',
  'state.elasticsearch.password',
] as const;

/** Objects the chart always fills in, so their `required` and `minProperties` do not apply to values. */
const CHART_FILLED = new Set(['inputs']);

const VARIABLE = '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}';
const FORMAT_PATTERNS: Record<string, string> = {
  duration: `^(?:(?:[0-9]+(?:ms|s|m|h|d|w|y))+|${VARIABLE})$`,
  'http-url': `^(?:https?://.+|${VARIABLE}.*)$`,
};
// Checked by the forwarder when it starts; helm's validator cannot express them.
const FORMATS_LEFT_TO_THE_FORWARDER = new Set(['regex', 'listen']);

interface Node {
  type?: string;
  format?: string;
  default?: unknown;
  secret?: boolean;
  description?: string;
  properties?: Record<string, Node>;
  required?: readonly string[];
  items?: Node;
  dependencies?: Record<string, readonly string[]>;
  [keyword: string]: unknown;
}

const requiredOf = (keys: readonly string[], path: string[], owned: Set<string>) =>
  keys.filter((key) => !owned.has([...path, key].join('.')) && !CHART_FILLED.has([...path, key].join('.')));

/** The top-level settings an enabled forwarder's values must give (the sinks). */
export function forwarderConfigRequired(): string[] {
  return requiredOf(CONFIG_SCHEMA.required, [], new Set(CHART_OWNED_SETTINGS));
}

function describe(path: string, node: Node): string {
  const what = node.description ?? `The forwarder's ${path} (docs/forwarder.md)`;
  const secret = node.secret ? ' Secret: kept in the configuration Secret.' : '';
  const byDefault = node.default === undefined ? '' : ` Default: ${JSON.stringify(node.default)}.`;
  return `${what.replace(/\.$/, '')}.${byDefault}${secret}`;
}

function convert(node: Node, path: string[], owned: Set<string>, seen: Set<string>): Schema {
  const here = path.join('.');
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'secret' || keyword === 'description') continue;
    if (keyword === 'format') {
      const pattern = FORMAT_PATTERNS[value as string];
      if (pattern) out.pattern = pattern;
      else if (!FORMATS_LEFT_TO_THE_FORWARDER.has(value as string) && value !== 'date-time')
        throw new Error(`forwarder schema: format "${String(value)}" at ${here} has no chart equivalent`);
      else if (value === 'date-time') out.format = value;
      continue;
    }
    if (keyword === 'properties') {
      const properties: Record<string, Schema> = {};
      for (const [key, child] of Object.entries(value as Record<string, Node>)) {
        const childPath = [...path, key].join('.');
        if (owned.has(childPath)) {
          seen.add(childPath);
          continue;
        }
        properties[key] = convert(child, [...path, key], owned, seen);
      }
      out.properties = properties;
      continue;
    }
    if (keyword === 'items') {
      out.items = convert(value as Node, [...path, '[]'], owned, seen);
      continue;
    }
    if (keyword === 'required' || keyword === 'minProperties') {
      if (CHART_FILLED.has(here)) continue;
      if (keyword === 'required') {
        // The top level's are required only of an enabled forwarder (forwarderConfigRequired).
        const kept = path.length === 0 ? [] : requiredOf(value as string[], path, owned);
        if (kept.length > 0) out.required = kept;
        continue;
      }
    }
    if (keyword === 'dependencies') {
      const kept = Object.entries(value as Record<string, string[]>).filter(
        ([key]) => !owned.has([...path, key].join('.')),
      );
      if (kept.length > 0) out.dependencies = Object.fromEntries(kept);
      continue;
    }
    out[keyword] = value;
  }
  if (path.length > 0) out.description = describe(here, node);
  return out;
}

/** The schema of forwarder.config in values.schema.json. */
export function forwarderConfigSchema(): Schema {
  const owned = new Set<string>(CHART_OWNED_SETTINGS);
  const seen = new Set<string>();
  const converted = convert(CONFIG_SCHEMA as unknown as Node, [], owned, seen);
  const missing = [...owned].filter((path) => !seen.has(path));
  if (missing.length > 0) {
    throw new Error(
      `helm/src/forwarder-config-schema.ts: the chart sets ${missing.join(', ')}, which the forwarder's schema no longer has`,
    );
  }
  return {
    ...converted,
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the forwarder's own ${VAR} syntax
      "The forwarder's configuration (forwarder.yaml, docs/forwarder.md), stored in a Secret. Required when the forwarder is enabled: at least one sink. The chart sets the listen addresses, the ingest token, the SQLite path and the Elasticsearch credentials itself (forwarder.elasticsearchCredentials). Strings may be ${VAR} references to forwarder.env.",
  };
}
