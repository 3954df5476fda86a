// Template variables narrow what panels show. A variable no panel query names (the workload
// of the Kubernetes dashboard) only works through the variables it narrows, so their "All"
// must stand for the values listed, not `.*`, or picking it changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dashboards, panelQueries } from './helpers.js';

const uses = (expr: string, name: string) => new RegExp(`\\$(${name}\\b|\\{${name}\\})`).test(expr);

test('a variable that only narrows other variables reaches the panels through them', () => {
  const problems: string[] = [];
  for (const d of dashboards()) {
    const panels = panelQueries(d.model, d.slug).map((q) => q.expr);
    const variables = (d.model.templating?.list ?? []).filter((v) => v.type === 'query');
    for (const v of variables) {
      if (panels.some((expr) => uses(expr, v.name))) continue;
      const narrowed = variables.filter((w) => uses(String(w.query), v.name));
      if (narrowed.length === 0) problems.push(`${d.slug}: $${v.name} is used nowhere`);
      for (const w of narrowed) {
        if (!panels.some((expr) => uses(expr, w.name)))
          problems.push(`${d.slug}: $${w.name} (narrowed by $${v.name}) is in no panel`);
        else if (w.includeAll && w.allValue === '.*')
          problems.push(`${d.slug}: $${w.name} = All matches .*, so $${v.name} narrows nothing`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
