// The shapes of Prometheus rule groups as kansoku writes them: every alert carries `for`,
// a severity and the three annotations on-call relies on, so the types demand them.

export type Severity = 'critical' | 'warning' | 'info';

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: Severity } & Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string } & Record<string, string>;
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export type Rule = AlertRule | RecordingRule;

export interface RuleGroup {
  name: string;
  rules: Rule[];
}

/** One generated file: its groups, and the name its PrometheusRule object gets. */
export interface RuleFile {
  /** File name without extension, e.g. kubernetes-apps. */
  name: string;
  groups: RuleGroup[];
}

export function isAlert(rule: Rule): rule is AlertRule {
  return 'alert' in rule;
}

/** Every rule of a list of files, with the file and group it sits in. */
export function allRules(files: readonly RuleFile[]): { file: string; group: string; rule: Rule }[] {
  return files.flatMap((f) => f.groups.flatMap((g) => g.rules.map((rule) => ({ file: f.name, group: g.name, rule }))));
}
