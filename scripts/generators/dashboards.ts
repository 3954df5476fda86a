// The committed dashboards (dashboards/generated): one JSON file per dashboard.
import { buildDashboards, GENERATED_DIR } from '../../dashboards/src/index.js';
import { stableJson } from '../../dashboards/src/render.js';
import type { Generator } from '../generated-files.js';

export const dashboardsGenerator: Generator = {
  name: 'dashboards',
  owns: [GENERATED_DIR],
  files: () => buildDashboards().map((d) => ({ path: d.path, content: stableJson(d.model) })),
};
