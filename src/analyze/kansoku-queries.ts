// The queries of kansoku's own generated dashboards and rules, for the user's configuration:
// what `kansoku generate` would write, read straight from the generators.
import { buildRuleFiles } from '../../alerts/src/build.js';
import { createAlertsConfig } from '../../alerts/src/config.js';
import { buildDashboards } from '../../dashboards/src/index.js';
import { dashboardQueries } from './dashboard-queries.js';
import type { QuerySource } from './query-source.js';
import { rulesOf } from './rule-queries.js';

export function kansokuQueries(): QuerySource[] {
  const dashboards = buildDashboards().flatMap((d) =>
    dashboardQueries(d.model as Parameters<typeof dashboardQueries>[0], `kansoku ${d.slug}`),
  );
  const rules = buildRuleFiles(createAlertsConfig()).flatMap((file) => rulesOf(file.groups, `kansoku ${file.name}`));
  return [...dashboards, ...rules];
}
