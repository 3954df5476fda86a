// Shared by the dashboard tests: the dashboards as generated now, every query they hold
// (panel targets and variable queries), and where Grafana's JSON Schemas are.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
