// The shape of one dashboard module, and the shell every dashboard shares: uid, tags,
// time range, refresh, shared crosshair, the datasource and cluster variables, and a
// link menu to the other kansoku dashboards that keeps the time range and variables.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardContext } from './context.js';
import { VARS } from './context.js';
import { datasourceVariable, labelVariable } from './variables.js';

export interface DashboardDefinition {
  /** Uid suffix and file name: `grpc-overview` → uid `kansoku-grpc-overview`, `grpc-overview.json`. */
  slug: string;
  title: string;
  /** What the dashboard is for; the generated notice is appended to it. */
  description: string;
  tags: readonly string[];
  /** The module that builds it, relative to the repository root, named in the generated notice. */
  source: string;
  /** The metric whose series offer the values of the cluster variable (when the cluster label is enabled). */
  clusterMetric: string;
  /** Adds variables (after datasource and cluster), rows and panels to the shell. */
  build(shell: dashboard.DashboardBuilder, ctx: DashboardContext): void;
}

export function dashboardShell(def: DashboardDefinition, ctx: DashboardContext): dashboard.DashboardBuilder {
  const { options } = ctx;
  const shell = new dashboard.DashboardBuilder(def.title)
    .uid(`${options.uidPrefix}-${def.slug}`)
    .tags([...new Set([...options.tags, ...def.tags])])
    .timezone(options.timezone)
    .time({ from: `now-${options.timeRange}`, to: 'now' })
    .refresh(options.refresh)
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .editable()
    .link(
      new dashboard.DashboardLinkBuilder('kansoku dashboards')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([...options.tags])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true)
        .targetBlank(false),
    )
    .withVariable(datasourceVariable());
  if (ctx.clusterBy.length > 0) {
    shell.withVariable(
      labelVariable({
        name: VARS.cluster,
        label: 'Cluster',
        description: 'The Kubernetes cluster, from the cluster label the monitoring configuration names.',
        of: ctx.monitoring.clusterLabel.name,
        metric: def.clusterMetric,
      }),
    );
  }
  return shell;
}
