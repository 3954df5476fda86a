// Panel factories with the defaults every kansoku dashboard shares: the datasource
// variable on every panel and query, stable query refIds (A, B, C…), a visible legend,
// and a description on every panel. Layout files call these; they never touch the SDK's
// builders directly, so that a house style change is one edit here.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { DATASOURCE_VARIABLE } from './variables.js';

/** Every panel and query reads from the datasource the user picks in the variable. */
export const DATASOURCE: { type: string; uid: string } = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` };

export interface Query {
  expr: string;
  /** Grafana legend format, e.g. `{{grpc_method}}`. */
  legend?: string;
  /** One value per series at the end of the range (stat and table panels). */
  instant?: boolean;
  /** Ask for exemplars too, so a point on the chart links to its trace. */
  exemplar?: boolean;
}

export interface PanelSpec {
  title: string;
  /** Shown in the panel's (i) tooltip: what the panel shows and how to read it. */
  description: string;
  queries: readonly Query[];
  unit?: string;
  /** Grid columns out of 24; default 12. */
  width?: number;
  /** Grid rows; default 8. */
  height?: number;
}

const DEFAULT_WIDTH = 12;
const DEFAULT_HEIGHT = 8;

function target(query: Query, index: number, format?: prometheus.PromQueryFormat): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder()
    .datasource(DATASOURCE)
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr);
  if (query.legend !== undefined) builder.legendFormat(query.legend);
  if (query.instant) builder.instant();
  else builder.range();
  if (query.exemplar) builder.exemplar(true);
  if (format !== undefined) builder.format(format);
  return builder;
}

function thresholdSteps(steps: readonly [number | null, string][]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map(([value, color]) => ({ value, color })));
}

export interface TimeSeriesSpec extends PanelSpec {
  /** Stack the series (shares of a whole, such as requests by code). */
  stack?: boolean;
  min?: number;
  max?: number;
  /** Draw these values as coloured lines (e.g. a 99% SLO line). */
  thresholdLines?: readonly [number | null, string][];
  /** Where clicking a series leads (see links.ts). */
  links?: readonly dashboard.DashboardLinkBuilder[];
  /** Grafana's minimum interval between points, for queries too costly to run at every step. */
  minInterval?: string;
}

export function timeSeriesPanel(spec: TimeSeriesSpec): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .span(spec.width ?? DEFAULT_WIDTH)
    .height(spec.height ?? DEFAULT_HEIGHT)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending),
    )
    .fillOpacity(spec.stack ? 30 : 10)
    .lineWidth(1)
    .showPoints(common.VisibilityMode.Never);
  if (spec.unit !== undefined) panel.unit(spec.unit);
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  if (spec.stack) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  if (spec.links) panel.dataLinks([...spec.links]);
  if (spec.minInterval) panel.interval(spec.minInterval);
  if (spec.thresholdLines) {
    panel
      .thresholds(thresholdSteps(spec.thresholdLines))
      .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line));
  }
  spec.queries.forEach((q, i) => {
    panel.withTarget(target(q, i));
  });
  return panel;
}

export interface StatSpec extends PanelSpec {
  /** Colour steps, lowest first: the first value is null (the base colour). */
  thresholds?: readonly [number | null, string][];
  decimals?: number;
  /** Show these words (and colours) instead of the numbers: `{ 0: ['green', 'green'] }`. */
  valueText?: Record<number, [text: string, color: string]>;
  /** Shown when the query returns no series, instead of Grafana's "No data". */
  noValue?: string;
}

export function statPanel(spec: StatSpec): stat.PanelBuilder {
  const panel = new stat.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .span(spec.width ?? 6)
    .height(spec.height ?? 4)
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(thresholdSteps(spec.thresholds ?? [[null, 'green']]));
  if (spec.unit !== undefined) panel.unit(spec.unit);
  if (spec.decimals !== undefined) panel.decimals(spec.decimals);
  if (spec.noValue !== undefined) panel.noValue(spec.noValue);
  if (spec.valueText) {
    const options: Record<string, dashboard.ValueMappingResult> = {};
    Object.entries(spec.valueText).forEach(([value, [text, color]], index) => {
      options[value] = { text, color, index };
    });
    panel.mappings([{ type: dashboard.MappingType.ValueToText, options }]);
  }
  spec.queries.forEach((q, i) => {
    panel.withTarget(target(q, i));
  });
  return panel;
}

export interface HeatmapSpec extends PanelSpec {
  /** Unit of the bucket boundaries on the y axis. */
  yUnit: string;
}

/** A heatmap of a classic histogram's buckets: the query must be `sum by (le) (rate(…_bucket…))`. */
export function heatmapPanel(spec: HeatmapSpec): heatmap.PanelBuilder {
  const panel = new heatmap.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .span(spec.width ?? DEFAULT_WIDTH)
    .height(spec.height ?? DEFAULT_HEIGHT)
    // Prometheus already bucketed the data; Grafana must not re-bucket it.
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(spec.yUnit))
    .color(
      new heatmap.HeatmapColorOptionsBuilder()
        .mode(heatmap.HeatmapColorMode.Scheme)
        .scheme('Spectral')
        .fill('dark-orange')
        .exponent(0.5)
        .steps(64)
        .reverse(false),
    )
    .cellValues(new heatmap.CellValuesBuilder().unit(spec.unit ?? 'reqps'))
    .showLegend()
    .exemplarsColor('rgba(255,0,255,0.7)')
    .tooltip(new heatmap.HeatmapTooltipBuilder().mode(common.TooltipDisplayMode.Single).yHistogram(true));
  spec.queries.forEach((q, i) => {
    panel.withTarget(target(q, i, prometheus.PromQueryFormat.Heatmap).legendFormat('{{le}}'));
  });
  return panel;
}

/**
 * A table of instant values: one row per label set, one column per query, titled by the
 * query's legend. Columns Prometheus returns as "Value #A" are renamed to those titles.
 * Columns share one unit: Grafana's schema types an override's value as an object, so
 * per-column unit overrides (whose value is a string) would not validate. Queries scale
 * their values instead and the title names the unit ("p99 ms").
 */
export function tablePanel(spec: PanelSpec): table.PanelBuilder {
  const refId = (i: number) => String.fromCharCode(65 + i);
  const renameByName: Record<string, string> = {};
  spec.queries.forEach((q, i) => {
    if (q.legend !== undefined) renameByName[`Value #${refId(i)}`] = q.legend;
  });
  const panel = new table.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .span(spec.width ?? 24)
    .height(spec.height ?? DEFAULT_HEIGHT)
    .showHeader(true)
    // One row per label set: merge the per-query frames, drop Grafana's Time column.
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true }, renameByName } });
  panel.unit(spec.unit ?? 'none').decimals(2);
  spec.queries.forEach((q, i) => {
    // The legend names the column; as a Prometheus legendFormat it would rename the series instead.
    panel.withTarget(target({ expr: q.expr, instant: true }, i, prometheus.PromQueryFormat.Table));
  });
  return panel;
}

export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title).collapsed(false);
}
