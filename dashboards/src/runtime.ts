// What the two runtime dashboards (Node.js, Go) share: the processes of the picked services,
// one line per pod, and the namespace → service → pod variables, offered from a metric only
// that runtime exports, so that each service appears on the dashboard of its language.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { type DashboardContext, TARGET, VARS } from './context.js';
import { matchers, varMatch } from './promql.js';
import { labelVariable } from './variables.js';

/** The series of the picked pods, and the labels that make one line per pod. */
export function runtimeScope(ctx: DashboardContext): { scope: string; perPod: string[] } {
  return {
    scope: matchers(
      ctx.selector('grpcServices'),
      ctx.cluster,
      varMatch(TARGET.namespace, VARS.namespace),
      varMatch(TARGET.service, VARS.service),
      varMatch(TARGET.pod, VARS.pod),
    ),
    perPod: [...ctx.clusterBy, TARGET.namespace, TARGET.pod],
  };
}

/** Namespace, service and pod, offered from `marker` (e.g. go_info): only processes of that runtime. */
export function runtimeVariables(
  ctx: DashboardContext,
  marker: string,
  runtime: string,
): dashboard.QueryVariableBuilder[] {
  const base = matchers(ctx.selector('grpcServices'), ctx.cluster);
  const inNamespace = matchers(base, varMatch(TARGET.namespace, VARS.namespace));
  return [
    labelVariable({
      name: VARS.namespace,
      label: 'Namespace',
      description: `Namespaces that run ${runtime} services (series of ${marker}).`,
      of: TARGET.namespace,
      metric: marker,
      matchers: base,
    }),
    labelVariable({
      name: VARS.service,
      label: 'Service',
      description: `The scrape job of a ${runtime} service.`,
      of: TARGET.service,
      metric: marker,
      matchers: inNamespace,
    }),
    labelVariable({
      name: VARS.pod,
      label: 'Pod',
      description: 'One process per pod.',
      of: TARGET.pod,
      metric: marker,
      matchers: matchers(inNamespace, varMatch(TARGET.service, VARS.service)),
    }),
  ];
}
