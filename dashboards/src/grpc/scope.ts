// The pieces both gRPC dashboards share: which series belong to the selected services,
// which status codes count as server errors, and the latency quantiles shown.

import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { GRPC_LABELS, METRICS } from '@kansoku/instrumentation';
import { DEFAULT_ERROR_CODES } from '../../../src/config/slo.js';
import { type DashboardContext, TARGET, VARS } from '../context.js';
import { matchers, oneOf, series, sumBy, varMatch } from '../promql.js';
import { labelVariable } from '../variables.js';

/**
 * Codes that count as the server's failures: the same list the SLO rules use, so that the
 * error ratio on a dashboard is the one that burns the error budget.
 */
export const SERVER_ERROR_CODES: readonly string[] = DEFAULT_ERROR_CODES;

export const QUANTILES = [0.5, 0.9, 0.99] as const;

/** 0.99 → p99, for titles and legends. */
export const pct = (q: number) => `p${Math.round(q * 100)}`;

export const errorCodeMatch = `${GRPC_LABELS.code}=~"${oneOf(SERVER_ERROR_CODES)}"`;

/** Series of the services picked in the namespace and service variables. */
export function serviceScope(ctx: DashboardContext): string {
  return matchers(
    ctx.selector('grpcServices'),
    ctx.cluster,
    varMatch(TARGET.namespace, VARS.namespace),
    varMatch(TARGET.service, VARS.service),
  );
}

/** One service as the overview groups it: a job within a namespace (and cluster). */
export function serviceBy(ctx: DashboardContext): string[] {
  return [...ctx.clusterBy, TARGET.namespace, TARGET.service];
}

/** One method: its gRPC service and method name. */
export const METHOD_BY: readonly string[] = [GRPC_LABELS.service, GRPC_LABELS.method];

export const METHOD_LEGEND = `{{${GRPC_LABELS.service}}}/{{${GRPC_LABELS.method}}}`;
export const SERVICE_LEGEND = `{{${TARGET.service}}} ({{${TARGET.namespace}}})`;

/**
 * The namespace and service variables both gRPC dashboards open with; `base` narrows them
 * to the instrumented services (and the cluster).
 */
export function serviceVariables(base: string): dashboard.QueryVariableBuilder[] {
  return [
    labelVariable({
      name: VARS.namespace,
      label: 'Namespace',
      description: 'Namespaces that run instrumented gRPC servers.',
      of: TARGET.namespace,
      metric: METRICS.serverStarted.name,
      matchers: base,
    }),
    labelVariable({
      name: VARS.service,
      label: 'Service',
      description: 'The scrape job of a service: prometheus-operator names it after the Kubernetes Service.',
      of: TARGET.service,
      metric: METRICS.serverStarted.name,
      matchers: matchers(base, varMatch(TARGET.namespace, VARS.namespace)),
    }),
  ];
}

/** The series that say how many calls are in progress on one side of a call. */
export interface InFlightSeries {
  /** @kansoku/instrumentation's gauge. */
  gauge: string;
  started: string;
  handled: string;
}

/**
 * Calls in progress, summed by `by`. The gauge exists only in @kansoku/instrumentation; for a
 * target without it (a Go service with go-grpc-middleware, for one) started − handled stands
 * in, which is the same number while no call is lost. The choice is made per target, so a
 * selection mixing both kinds adds them up right.
 */
export function inFlight(ctx: DashboardContext, names: InFlightSeries, by: readonly string[], scope: string): string {
  const perTarget = [...new Set([...ctx.clusterBy, TARGET.namespace, TARGET.service, TARGET.instance, ...by])];
  const gauge = sumBy(perTarget, series(names.gauge, scope));
  const derived = `${sumBy(perTarget, series(names.started, scope))} - ${sumBy(perTarget, series(names.handled, scope))}`;
  return sumBy(by, `${gauge} or (${derived})`);
}
