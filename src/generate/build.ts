// Builds everything a configuration describes: the rule files and the dashboards. What
// `kansoku generate` writes, in whichever formats, is rendered from this one build.
import { buildRuleFiles } from '../../alerts/src/build.js';
import { createAlertsConfig } from '../../alerts/src/config.js';
import type { RuleFile } from '../../alerts/src/rule.js';
import { type BuiltDashboard, buildDashboards } from '../../dashboards/src/index.js';
import type { KansokuConfig } from '../config/kansoku-config.js';

export interface Build {
  config: KansokuConfig;
  ruleFiles: RuleFile[];
  dashboards: BuiltDashboard[];
  /** What generated it, e.g. `kansoku generate from kansoku.yaml`. */
  generatedBy: string;
}

export function buildAll(config: KansokuConfig, generatedBy: string): Build {
  const alerts = createAlertsConfig({
    monitoring: config.monitoring,
    slos: config.slos,
    handlingBuckets: config.latencyBuckets,
    groups: config.alerts.groups,
    disabled: config.alerts.disabled,
    extraLabels: config.alerts.extraLabels,
  });
  const { folder: _folder, ...dashboardOptions } = config.dashboards;
  return {
    config,
    ruleFiles: buildRuleFiles(alerts),
    dashboards: buildDashboards({ ...dashboardOptions, generatedBy, monitoring: config.monitoring }),
    generatedBy,
  };
}
