// The committed rules (alerts/generated): one plain rule file and one PrometheusRule object
// per rule file, generated from the demo's configuration.
import { buildRuleFiles } from '../../alerts/src/build.js';
import { createAlertsConfig } from '../../alerts/src/config.js';
import { renderPrometheusRule, renderRuleFile } from '../../alerts/src/render.js';
import { DEMO_SLOS } from '../../src/demo/slos.js';
import { type Generator, generatedHeader } from '../generated-files.js';

export const GENERATED_DIR = 'alerts/generated';
export const RULES_DIR = `${GENERATED_DIR}/rules`;
export const PROMETHEUS_RULES_DIR = `${GENERATED_DIR}/prometheusrules`;
export const ALERTS_HEADER = generatedHeader('alerts (alerts/src)');

export const alertsGenerator: Generator = {
  name: 'alerts',
  owns: [GENERATED_DIR],
  files: () =>
    buildRuleFiles(createAlertsConfig({ slos: DEMO_SLOS })).flatMap((file) => [
      { path: `${RULES_DIR}/${file.name}.yaml`, content: renderRuleFile(file, ALERTS_HEADER) },
      { path: `${PROMETHEUS_RULES_DIR}/${file.name}.yaml`, content: renderPrometheusRule(file, ALERTS_HEADER) },
    ]),
};
