// Writes rule files two ways: a plain Prometheus rule file (rule_files:, promtool) and a
// prometheus-operator PrometheusRule object for the chart. Same groups, same order.
import { stringify } from 'yaml';
import { generatedHeader } from '../../scripts/generated-files.js';
import { isAlert, type Rule, type RuleFile } from './rule.js';

export const HEADER = generatedHeader('alerts (alerts/src)');

export function renderRuleFile(file: RuleFile): string {
  return `${HEADER}\n${yaml({ groups: groupsOf(file) })}`;
}

export function renderPrometheusRule(file: RuleFile): string {
  const object = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: `kansoku-${file.name}`,
      labels: {
        'app.kubernetes.io/name': 'kansoku',
        'app.kubernetes.io/component': 'alerts',
        'app.kubernetes.io/part-of': 'kansoku',
      },
    },
    spec: { groups: groupsOf(file) },
  };
  return `${HEADER}\n${yaml(object)}`;
}

function groupsOf(file: RuleFile) {
  return file.groups.map((g) => ({ name: g.name, rules: g.rules.map(ordered) }));
}

// Fixed key order, the order people read a rule in, so diffs stay small.
function ordered(rule: Rule): Record<string, unknown> {
  if (isAlert(rule)) {
    return { alert: rule.alert, expr: rule.expr, for: rule.for, labels: rule.labels, annotations: rule.annotations };
  }
  return rule.labels
    ? { record: rule.record, expr: rule.expr, labels: rule.labels }
    : { record: rule.record, expr: rule.expr };
}

function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, blockQuote: 'literal' });
}
