// The PromQL queries of Prometheus rule files: plain rule files (`groups:`) and
// prometheus-operator PrometheusRule objects, several YAML documents to a file allowed.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { AnalyzeError } from './errors.js';
import type { QuerySource } from './query-source.js';

interface RuleGroupLike {
  name?: string;
  rules?: { alert?: string; record?: string; expr?: unknown }[];
}

export function ruleFileQueries(file: string): QuerySource[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AnalyzeError(`--rules ${file}: no such file`);
  }
  const groups: RuleGroupLike[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const line = error?.linePos?.[0]?.line;
      throw new AnalyzeError(`${file}${line ? `:${line}` : ''}: not a rule file: ${error?.message.split('\n')[0]}`);
    }
    const value = doc.toJS() as { groups?: unknown; kind?: string; spec?: { groups?: unknown } } | null;
    if (value === null) continue;
    const found = value.kind === 'PrometheusRule' ? value.spec?.groups : value.groups;
    if (!Array.isArray(found)) {
      throw new AnalyzeError(`${file}: not a rule file: expected "groups:" or a PrometheusRule with spec.groups`);
    }
    groups.push(...(found as RuleGroupLike[]));
  }
  return rulesOf(groups, file);
}

export function rulesOf(groups: readonly RuleGroupLike[], where: string): QuerySource[] {
  return groups.flatMap((group, g) =>
    (group.rules ?? []).map((rule, r) => {
      const name = rule.alert ?? rule.record ?? `rule ${r}`;
      if (typeof rule.expr !== 'string' && typeof rule.expr !== 'number') {
        throw new AnalyzeError(`${where}: groups[${g}].rules[${r}] (${name}) has no expr`);
      }
      return {
        user: rule.alert ? `alert ${rule.alert}` : `recording rule ${name}`,
        where: `${where} group ${group.name ?? g}`,
        expr: String(rule.expr),
      };
    }),
  );
}
