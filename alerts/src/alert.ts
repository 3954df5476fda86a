// Builds alert rules with their runbook link filled in: upstream (kubernetes-mixin) alerts
// point at the upstream runbooks, kansoku's own at docs/runbooks.md.
import type { Query } from './query.js';
import type { AlertRule, Severity } from './rule.js';
import { ownRunbook, upstreamRunbook } from './runbook.js';

export interface AlertSpec {
  alert: string;
  severity: Severity;
  for: string;
  expr: string;
  summary: string;
  description: string;
  labels?: Record<string, string>;
}

/** An alert kept from kubernetes-mixin: same name, severity and meaning, so its upstream runbook (where one exists) applies. */
export function upstreamAlert(q: Query, spec: AlertSpec): AlertRule {
  return build(spec, upstreamRunbook(q.config, spec.alert));
}

/** An alert of kansoku's own, documented in docs/runbooks.md. */
export function ownAlert(q: Query, spec: AlertSpec): AlertRule {
  return build(spec, ownRunbook(q.config, spec.alert));
}

function build(spec: AlertSpec, runbook: string): AlertRule {
  return {
    alert: spec.alert,
    expr: spec.expr.trim(),
    for: spec.for,
    labels: { ...spec.labels, severity: spec.severity },
    annotations: { summary: spec.summary, description: spec.description, runbook_url: runbook },
  };
}
