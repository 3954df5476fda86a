// Template variables. Every label variable is multi-select with an "All" of `.*` (or of the
// values listed, see allListed), and queries match it with `=~` (see promql.ts varMatch), so one query text serves any
// selection. Variable queries use Grafana's `label_values(series, label)` form; the name
// check in dashboards/test reads the series and label out of it like any panel query.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { series } from './promql.js';

export const DATASOURCE_VARIABLE = 'datasource';

export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data source')
    .type('prometheus')
    .description('The Prometheus that scrapes the services (and, for the cluster dashboards, kube-state-metrics).');
}

export interface LabelVariableSpec {
  /** Variable name, referenced as `$name` in queries. */
  name: string;
  label: string;
  description: string;
  /** The label whose values are offered. */
  of: string;
  /** The metric whose series carry that label. */
  metric: string;
  /** Matchers narrowing the series, usually on the variables above this one. */
  matchers?: string;
  /** A single choice only (for panels that make sense for one value, such as a PVC prediction). */
  single?: boolean;
  /**
   * "All" stands for the values listed, not `.*`. For a variable narrowed by one that no panel
   * query names (the pods of the picked workload): with `.*` that narrowing would be lost.
   */
  allListed?: boolean;
}

export function labelVariable(spec: LabelVariableSpec): dashboard.QueryVariableBuilder {
  const source = spec.matchers ? series(spec.metric, spec.matchers) : spec.metric;
  const query = `label_values(${source}, ${spec.of})`;
  const builder = new dashboard.QueryVariableBuilder(spec.name)
    .label(spec.label)
    .description(spec.description)
    .datasource({ type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` })
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  if (spec.single) return builder.multi(false).includeAll(false);
  builder.multi(true).includeAll(true);
  return spec.allListed ? builder : builder.allValue('.*');
}
