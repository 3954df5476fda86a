// Shared by the dashboard tests: the dashboards as generated now, every query they hold
// (panel targets and variable queries), and where Grafana's JSON Schemas are.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { type BuiltDashboard, buildDashboards } from '../src/index.js';
import { type FoundQuery, panelQueries, variableQueries } from '../src/queries-of.js';

export { type Builtins, expandVariables, type FoundQuery, panelQueries, variableQueries } from '../src/queries-of.js';

export const repoRoot = join(import.meta.dirname, '../..');

/** Grafana's schemas live beside the repository, never inside it. */
export const grafanaSchemaDir = join(repoRoot, '../shared/schemas/grafana');
export const grafanaSchemasPresent = existsSync(join(grafanaSchemaDir, 'dashboard.jsonschema.json'));
export const NO_SCHEMAS = `Grafana JSON Schemas not found at ${grafanaSchemaDir}: schema validation skipped`;

let cached: BuiltDashboard[] | undefined;

/** Built once per test file: building is deterministic (a test proves it), so sharing is safe. */
export function dashboards(): BuiltDashboard[] {
  cached ??= buildDashboards();
  return cached;
}

export function allQueries(): FoundQuery[] {
  return dashboards().flatMap((d) => [...panelQueries(d.model, d.slug), ...variableQueries(d.model, d.slug)]);
}

export const PANEL_TYPES = ['timeseries', 'stat', 'heatmap', 'table'] as const;

/** Ajv with Grafana's dashboard, panel and Prometheus query schemas loaded; get() finds one by name or ref. */
export function loadValidators() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const load = (name: string) => JSON.parse(readFileSync(join(grafanaSchemaDir, `${name}.jsonschema.json`), 'utf8'));
  // common.jsonschema.json repeats a value in one enum (ScaleDirection), which Ajv's
  // meta-schema check rejects; the schema itself is still usable, so skip only that check.
  ajv.addSchema(load('common'), 'common', undefined, false);
  for (const name of ['dashboard', 'prometheus', ...PANEL_TYPES]) ajv.addSchema(load(name), name);
  const get = (ref: string): ValidateFunction | undefined => ajv.getSchema(ref);
  return { ajv, get };
}

/** Ajv's errors as text, or undefined when `data` is valid. */
export function errorsOf(validate: ValidateFunction, data: unknown, ajv: Ajv): string | undefined {
  return validate(data) ? undefined : ajv.errorsText(validate.errors, { separator: '\n' });
}
