// Which series names the given queries read, which labels of each they depend on, and who
// reads them. Built once from every dashboard and rule the analysis knows of.

import { VARIABLE_STAND_IN } from './grafana-expr.js';
import { type ExpressionUsage, expressionUsage, type LabelNeed, unionNeed } from './label-needs.js';
import type { QuerySource } from './query-source.js';

export interface MetricUse {
  need: LabelNeed;
  /** Dashboards and rules that read the series, sorted. */
  users: string[];
}

export interface UsageIndex {
  /** The use of a series name, or undefined when nothing reads it. */
  useOf(name: string): MetricUse | undefined;
  /** Queries that did not parse: their text is searched for names, and a name found there keeps all its labels. */
  unparsed: QuerySource[];
  queryCount: number;
}

export function indexUsage(sources: readonly QuerySource[]): UsageIndex {
  const byName = new Map<string, { need: LabelNeed; users: Set<string> }>();
  const patterns: { regex: RegExp; user: string }[] = [];
  const unparsed: QuerySource[] = [];
  for (const source of sources) {
    const usage: ExpressionUsage | undefined = expressionUsage(source.expr);
    if (!usage) {
      unparsed.push(source);
      continue;
    }
    for (const [name, need] of usage.metrics) {
      if (name.startsWith(VARIABLE_STAND_IN)) continue;
      const entry = byName.get(name) ?? { need: new Set<string>(), users: new Set<string>() };
      entry.need = unionNeed(entry.need, need);
      entry.users.add(source.user);
      byName.set(name, entry);
    }
    for (const regex of usage.namePatterns) patterns.push({ regex, user: source.user });
  }
  return {
    unparsed,
    queryCount: sources.length,
    useOf(name) {
      const entry = byName.get(name);
      let need: LabelNeed = entry?.need ?? new Set();
      const users = new Set(entry?.users ?? []);
      // A selector by regex, or a query we could not read, may use any of the series' labels.
      for (const p of patterns) {
        if (p.regex.test(name)) {
          need = 'all';
          users.add(p.user);
        }
      }
      const word = new RegExp(`(^|[^a-zA-Z0-9_:])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-zA-Z0-9_:])`);
      for (const u of unparsed) {
        if (word.test(u.expr)) {
          need = 'all';
          users.add(u.user);
        }
      }
      return users.size === 0 ? undefined : { need, users: [...users].sort() };
    },
  };
}
