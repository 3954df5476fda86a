// Registers the rules with `npm run generate` / `npm run check:generated`: this generator owns
// alerts/generated, with one plain rule file and one PrometheusRule object per rule file.
import type { Generator } from '../../scripts/generated-files.js';
import { buildRuleFiles } from './build.js';
import { createAlertsConfig } from './config.js';
import { renderPrometheusRule, renderRuleFile } from './render.js';

export const GENERATED_DIR = 'alerts/generated';
export const RULES_DIR = `${GENERATED_DIR}/rules`;
export const PROMETHEUS_RULES_DIR = `${GENERATED_DIR}/prometheusrules`;

export const alertsGenerator: Generator = {
  name: 'alerts',
  owns: [GENERATED_DIR],
  files: () =>
    buildRuleFiles(createAlertsConfig()).flatMap((file) => [
      { path: `${RULES_DIR}/${file.name}.yaml`, content: renderRuleFile(file) },
      { path: `${PROMETHEUS_RULES_DIR}/${file.name}.yaml`, content: renderPrometheusRule(file) },
    ]),
};
