// gRPC services overview: is any service failing or slow, and which method? Rows go from
// the whole selection, to each service, to each method.
import { GRPC_LABELS, METRICS } from '@kansoku/instrumentation';
import { TARGET, VARS } from '../context.js';
import type { DashboardDefinition } from '../definition.js';
import {
  METHOD_BY,
  METHOD_LEGEND,
  pct,
  QUANTILES,
  SERVICE_LEGEND,
  serviceBy,
  serviceVariables,
} from '../grpc/scope.js';
import { DETAIL_VARS } from '../grpc-service/queries.js';
import { linkTo, seriesLabel } from '../links.js';
import { row, statPanel, tablePanel, timeSeriesPanel } from '../panels.js';
import { legend, matchers } from '../promql.js';
import { grpcOverviewQueries } from './queries.js';

export const grpcOverview: DashboardDefinition = {
  slug: 'grpc-overview',
  title: 'kansoku / gRPC services overview',
  description:
    'Request rate, server error ratio and latency of every gRPC service instrumented with @kansoku/instrumentation, per service, method and status code.',
  tags: ['grpc'],
  source: 'dashboards/src/grpc-overview/dashboard.ts',
  clusterMetric: METRICS.serverStarted.name,
  build(shell, ctx) {
    const q = grpcOverviewQueries(ctx);
    const services = serviceBy(ctx);
    const base = matchers(ctx.selector('grpcServices'), ctx.cluster);
    // Clicking a service or a method opens the detail dashboard narrowed to it.
    const toService = [
      linkTo(ctx, 'grpc-service', 'Open this service', {
        [VARS.namespace]: seriesLabel(TARGET.namespace),
        [VARS.service]: seriesLabel(TARGET.service),
      }),
    ];
    const toMethod = [
      linkTo(
        ctx,
        'grpc-service',
        'Open this method',
        {
          [DETAIL_VARS.grpcService]: seriesLabel(GRPC_LABELS.service),
          [DETAIL_VARS.method]: seriesLabel(GRPC_LABELS.method),
        },
        [VARS.namespace, VARS.service],
      ),
    ];
    for (const variable of serviceVariables(base)) shell.withVariable(variable);

    shell
      .withRow(row('Selected services'))
      .withPanel(
        statPanel({
          title: 'Requests',
          description: 'Calls completed per second by every selected service.',
          unit: 'reqps',
          queries: [{ expr: q.requestRate([]) }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Server error ratio',
          description:
            'Share of completed calls that ended in a server error code (Unknown, DeadlineExceeded, Unimplemented, Internal, Unavailable, DataLoss).',
          unit: 'percentunit',
          decimals: 2,
          thresholds: [
            [null, 'green'],
            [0.001, 'yellow'],
            [0.01, 'red'],
          ],
          queries: [{ expr: q.errorRatio([]) }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'p99 latency',
          description: '99th percentile of server handling time across every selected service.',
          unit: 's',
          queries: [{ expr: q.latency(0.99, []) }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'In-flight calls',
          description: 'Calls started and not yet completed, summed over every selected service.',
          unit: 'short',
          queries: [{ expr: q.inFlight([]) }],
        }),
      );

    shell
      .withRow(row('Per service'))
      .withPanel(
        timeSeriesPanel({
          title: 'Request rate by service',
          links: toService,
          description: 'Calls completed per second, per service.',
          unit: 'reqps',
          queries: [{ expr: q.requestRate(services), legend: SERVICE_LEGEND }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Server error ratio by service',
          links: toService,
          description: 'Share of completed calls that ended in a server error code, per service.',
          unit: 'percentunit',
          min: 0,
          queries: [{ expr: q.errorRatio(services), legend: SERVICE_LEGEND }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Latency by service',
          description:
            'p50, p90 and p99 of server handling time, per service. Points are exemplars: click one to open its trace.',
          unit: 's',
          width: 24,
          queries: QUANTILES.map((quantile) => ({
            expr: q.latency(quantile, services),
            legend: `${pct(quantile)} ${SERVICE_LEGEND}`,
            exemplar: quantile === 0.99,
          })),
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Requests by status code',
          description: 'Calls completed per second by gRPC status code, stacked, over every selected service.',
          unit: 'reqps',
          stack: true,
          queries: [{ expr: q.requestRateByCode([]), legend: legend(GRPC_LABELS.code) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'In-flight calls by service',
          links: toService,
          description: 'Calls started and not yet completed, per service: a steady climb means calls are stuck.',
          unit: 'short',
          queries: [{ expr: q.inFlight(services), legend: SERVICE_LEGEND }],
        }),
      );

    shell
      .withRow(row('Per method'))
      .withPanel(
        tablePanel({
          title: 'Methods',
          description:
            'Every method of the selected services over the last rate interval: rate, server error ratio and latency.',
          queries: [
            { expr: q.requestRate(METHOD_BY), legend: 'Requests/s' },
            { expr: `100 * ${q.errorRatio(METHOD_BY)}`, legend: 'Server errors %' },
            ...QUANTILES.map((quantile) => ({
              expr: `1000 * ${q.latency(quantile, METHOD_BY)}`,
              legend: `${pct(quantile)} ms`,
            })),
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Request rate by method',
          links: toMethod,
          description: 'Calls completed per second, per method.',
          unit: 'reqps',
          queries: [{ expr: q.requestRate(METHOD_BY), legend: METHOD_LEGEND }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Server error ratio by method',
          links: toMethod,
          description: 'Share of completed calls that ended in a server error code, per method.',
          unit: 'percentunit',
          min: 0,
          queries: [{ expr: q.errorRatio(METHOD_BY), legend: METHOD_LEGEND }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'p99 latency by method',
          links: toMethod,
          description: '99th percentile of server handling time, per method. Points are exemplars linking to traces.',
          unit: 's',
          queries: [{ expr: q.latency(0.99, METHOD_BY), legend: METHOD_LEGEND, exemplar: true }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Non-OK codes by method',
          description:
            'Calls per second that ended in any code but OK, per method and code: the callers’ mistakes (InvalidArgument, NotFound…) as well as server errors.',
          unit: 'reqps',
          queries: [{ expr: q.nonOkRate(METHOD_BY), legend: `${METHOD_LEGEND} ${legend(GRPC_LABELS.code)}` }],
        }),
      );
  },
};
