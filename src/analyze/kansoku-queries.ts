// The queries of kansoku's own generated dashboards and rules for the user's configuration:
// what `kansoku generate` would write for it, read straight from the same build.
import { buildAll } from '../generate/build.js';
import { loadKansokuConfig } from '../generate/load.js';
import { dashboardQueries } from './dashboard-queries.js';
import type { QuerySource } from './query-source.js';
import { rulesOf } from './rule-queries.js';

/** Throws the configuration's own error (KANSOKU_ERR_CONFIG, every problem listed) for a bad file. */
export async function kansokuQueries(configPath?: string): Promise<QuerySource[]> {
  const build = buildAll(await loadKansokuConfig(configPath), 'kansoku analyze');
  const dashboards = build.dashboards.flatMap((d) =>
    dashboardQueries(d.model as Parameters<typeof dashboardQueries>[0], `kansoku ${d.slug}`),
  );
  const rules = build.ruleFiles.flatMap((file) => rulesOf(file.groups, `kansoku ${file.name}`));
  return [...dashboards, ...rules];
}
