// Alerts generation: build rule files from a configuration and render them.
export { buildRuleFiles, knownAlertNames } from './build.js';
export { type AlertsConfig, type AlertsOptions, createAlertsConfig } from './config.js';
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
