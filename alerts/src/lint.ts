// What every alert promises on-call: it waits (`for`) before paging, says how bad it is
// (severity), and explains itself (summary, description, runbook_url). Generation refuses
// alerts that break this, and the tests run the same check on the committed files.
import { parseDuration } from '../../src/duration/prometheus-duration.js';

const SEVERITIES = new Set(['critical', 'warning', 'info']);

export interface LintableAlert {
  alert?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function alertProblems(rule: LintableAlert): string[] {
  const name = rule.alert ?? '(unnamed alert)';
  const problems: string[] = [];
  if (rule.for === undefined || (rule.for !== '0s' && parseDuration(rule.for) === undefined)) {
    problems.push(`${name}: has no valid for`);
  }
  if (!SEVERITIES.has(rule.labels?.severity ?? ''))
    problems.push(`${name}: severity must be critical, warning or info`);
  for (const key of ['summary', 'description', 'runbook_url']) {
    if (!rule.annotations?.[key]?.trim()) problems.push(`${name}: has no ${key} annotation`);
  }
  const url = rule.annotations?.runbook_url;
  if (url && !/^https:\/\/\S+$/.test(url)) problems.push(`${name}: runbook_url is not an https URL`);
  return problems;
}
