// Reads the committed rule files and promtool test files, for the tests in this folder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const alertsDir = join(import.meta.dirname, '..');
export const rulesDir = join(alertsDir, 'generated/rules');
export const prometheusRulesDir = join(alertsDir, 'generated/prometheusrules');
export const unitTestsDir = join(alertsDir, 'tests');

export interface RuleYaml {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface GroupYaml {
  name: string;
  rules: RuleYaml[];
}

export function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

export function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

let cached: { file: string; group: GroupYaml }[] | undefined;

/** Every group of every committed plain rule file, with its file. Read once per test file. */
export function committedGroups(): { file: string; group: GroupYaml }[] {
  cached ??= yamlFiles(rulesDir).flatMap((file) =>
    readYaml<{ groups: GroupYaml[] }>(file).groups.map((group) => ({ file, group })),
  );
  return cached;
}

export function committedAlerts(): RuleYaml[] {
  return committedGroups().flatMap(({ group }) => group.rules.filter((r) => r.alert !== undefined));
}
