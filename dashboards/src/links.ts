// Data links from a series on one dashboard to another dashboard, narrowed to that series:
// clicking a service's line on the overview opens the detail dashboard for that service,
// with the same data source and time range.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardContext } from './context.js';
import { DATASOURCE_VARIABLE } from './variables.js';

/** Grafana's current time range as `from=…&to=…` URL parameters. */
const URL_TIME_RANGE = `\${__url_time_range}`;

/** `${__field.labels.x}`: Grafana's value of label x on the clicked series. */
export function seriesLabel(label: string): string {
  return `\${__field.labels.${label}}`;
}

/** `${x:queryparam}`: the current selection of variable x, as `var-x=…` URL parameters. */
export function currentVariable(variable: string): string {
  return `\${${variable}:queryparam}`;
}

/**
 * A link to the dashboard `slug` that sets each variable in `set` (variable → value, usually
 * a seriesLabel()) and carries over the data source, the time range and the `keep` variables.
 */
export function linkTo(
  ctx: DashboardContext,
  slug: string,
  title: string,
  set: Record<string, string>,
  keep: readonly string[] = [],
): dashboard.DashboardLinkBuilder {
  const params = [
    currentVariable(DATASOURCE_VARIABLE),
    ...keep.map(currentVariable),
    ...Object.entries(set).map(([variable, value]) => `var-${variable}=${value}`),
    URL_TIME_RANGE,
  ];
  return new dashboard.DashboardLinkBuilder(title)
    .type(dashboard.DashboardLinkType.Link)
    .url(`/d/${ctx.options.uidPrefix}-${slug}?${params.join('&')}`)
    .targetBlank(false);
}
