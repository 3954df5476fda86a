// Alerts generation: build rule files from a configuration, render them, register the generator.
export { buildRuleFiles } from './build.js';
export { type AlertsConfig, type AlertsOptions, createAlertsConfig } from './config.js';
export { alertsGenerator, GENERATED_DIR, PROMETHEUS_RULES_DIR, RULES_DIR } from './generator.js';
export { renderPrometheusRule, renderRuleFile } from './render.js';
export {
  type AlertRule,
  allRules,
  isAlert,
  type RecordingRule,
  type Rule,
  type RuleFile,
  type RuleGroup,
} from './rule.js';
export {
  type AvailabilityIndicator,
  DEFAULT_ERROR_CODES,
  DEFAULT_HANDLING_BUCKETS,
  DEMO_SERVICE,
  DEMO_SLOS,
  type LatencyIndicator,
  type SloDefinition,
} from './slo/definition.js';
