// Registers the dashboards with `npm run generate` / `npm run check:generated`: this
// generator owns dashboards/generated and writes one JSON file per dashboard.
import type { Generator } from '../../scripts/generated-files.js';
import { buildDashboards, GENERATED_DIR } from './index.js';
import { stableJson } from './render.js';

export const dashboardsGenerator: Generator = {
  name: 'dashboards',
  owns: [GENERATED_DIR],
  files: () => buildDashboards().map((d) => ({ path: d.path, content: stableJson(d.model) })),
};
