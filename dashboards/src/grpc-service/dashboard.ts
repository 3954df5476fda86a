// gRPC service detail: one service, method by method, from both sides of its calls:
// what it serves (server) and what it calls (client), with streams, in-flight calls and
// a latency heatmap whose exemplars open the trace of a slow call.
import { GRPC_LABELS, METRICS } from '@kansoku/instrumentation';
import { TARGET, VARS } from '../context.js';
import type { DashboardDefinition } from '../definition.js';
import { METHOD_LEGEND, pct, QUANTILES, serviceVariables } from '../grpc/scope.js';
import { heatmapPanel, row, timeSeriesPanel } from '../panels.js';
import { legend, matchers, varMatch } from '../promql.js';
import { labelVariable } from '../variables.js';
import { DETAIL_VARS, grpcServiceQueries } from './queries.js';

const CODE_LEGEND = `${METHOD_LEGEND} ${legend(GRPC_LABELS.code)}`;

export const grpcService: DashboardDefinition = {
  slug: 'grpc-service',
  title: 'kansoku / gRPC service detail',
  description:
    'One gRPC service method by method: server and client side, stream message rates, in-flight calls, and latency with exemplars that link to traces.',
  tags: ['grpc'],
  source: 'dashboards/src/grpc-service/dashboard.ts',
  clusterMetric: METRICS.serverStarted.name,
  build(shell, ctx) {
    const q = grpcServiceQueries(ctx);
    const base = matchers(ctx.selector('grpcServices'), ctx.cluster);
    const inNamespace = matchers(base, varMatch(TARGET.namespace, VARS.namespace));
    const inService = matchers(inNamespace, varMatch(TARGET.service, VARS.service));
    for (const variable of serviceVariables(base)) shell.withVariable(variable);
    shell
      .withVariable(
        labelVariable({
          name: DETAIL_VARS.grpcService,
          label: 'gRPC service',
          description: 'The fully qualified gRPC service (package.Service) the server implements.',
          of: GRPC_LABELS.service,
          metric: METRICS.serverStarted.name,
          matchers: inService,
        }),
      )
      .withVariable(
        labelVariable({
          name: DETAIL_VARS.method,
          label: 'Method',
          description: 'Methods of the picked gRPC services.',
          of: GRPC_LABELS.method,
          metric: METRICS.serverStarted.name,
          matchers: matchers(inService, varMatch(GRPC_LABELS.service, DETAIL_VARS.grpcService)),
        }),
      );

    shell
      .withRow(row('Server: traffic and errors'))
      .withPanel(
        timeSeriesPanel({
          title: 'Requests by method and code',
          description: 'Calls the service completed per second, per method and status code, stacked.',
          unit: 'reqps',
          stack: true,
          queries: [{ expr: q.requestRateByCode('server'), legend: CODE_LEGEND }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Server error ratio by method',
          description:
            'Share of completed calls that ended in a server error code (Unknown, DeadlineExceeded, Unimplemented, Internal, Unavailable, DataLoss).',
          unit: 'percentunit',
          min: 0,
          queries: [{ expr: q.errorRatio('server'), legend: METHOD_LEGEND }],
        }),
      );

    shell
      .withRow(row('Server: latency'))
      .withPanel(
        timeSeriesPanel({
          title: 'Latency of the picked methods',
          description:
            'p50, p90 and p99 of server handling time over the picked methods together. Exemplar points link to the trace of that call.',
          unit: 's',
          queries: QUANTILES.map((quantile) => ({
            expr: q.latency('server', quantile, []),
            legend: pct(quantile),
            exemplar: true,
          })),
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'p99 latency by method',
          description: '99th percentile of server handling time, per method.',
          unit: 's',
          queries: [{ expr: q.latency('server', 0.99), legend: METHOD_LEGEND, exemplar: true }],
        }),
      )
      .withPanel(
        heatmapPanel({
          title: 'Server latency heatmap',
          description:
            'How many calls per second finished within each latency bucket. Exemplars (dots) carry trace ids: hover one and follow its link to the trace.',
          yUnit: 's',
          unit: 'reqps',
          width: 24,
          queries: [{ expr: q.latencyBuckets('server'), exemplar: true }],
        }),
      );

    shell
      .withRow(row('Streams'))
      .withPanel(
        timeSeriesPanel({
          title: 'Calls started by type',
          description: 'Calls started per second by call type: unary, client_stream, server_stream, bidi_stream.',
          unit: 'reqps',
          stack: true,
          queries: [{ expr: q.startedByType(), legend: legend(GRPC_LABELS.type) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Messages per streaming call',
          description:
            'Mean messages a streaming call receives and sends: stream messages over streaming calls started.',
          unit: 'short',
          queries: [
            { expr: q.messagesPerCall('received'), legend: `received ${METHOD_LEGEND}` },
            { expr: q.messagesPerCall('sent'), legend: `sent ${METHOD_LEGEND}` },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Stream messages received',
          description: 'Messages per second the server received on streaming calls, per method.',
          unit: 'short',
          queries: [{ expr: q.messagesReceived('server'), legend: METHOD_LEGEND }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Stream messages sent',
          description: 'Messages per second the server sent on streaming calls, per method.',
          unit: 'short',
          queries: [{ expr: q.messagesSent('server'), legend: METHOD_LEGEND }],
        }),
      );

    shell
      .withRow(row('In-flight calls'))
      .withPanel(
        timeSeriesPanel({
          title: 'Server in-flight calls',
          description:
            'Calls the service has started serving and not finished, per method. Long streams stay in flight for their whole life.',
          unit: 'short',
          queries: [{ expr: q.inFlight('server'), legend: METHOD_LEGEND }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Client in-flight calls',
          description: 'Calls the service has made to other services and that have not finished, per method called.',
          unit: 'short',
          queries: [{ expr: q.inFlight('client'), legend: METHOD_LEGEND }],
        }),
      );

    shell
      .withRow(row('Client: calls this service makes'))
      .withPanel(
        timeSeriesPanel({
          title: 'Outgoing requests by method and code',
          description:
            'Calls the service made to other services per second, per method called and status code, stacked.',
          unit: 'reqps',
          stack: true,
          queries: [{ expr: q.requestRateByCode('client'), legend: CODE_LEGEND }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Outgoing call failure ratio',
          description:
            'Share of outgoing calls that ended in any code but OK, per method called: every such code failed this caller.',
          unit: 'percentunit',
          min: 0,
          queries: [{ expr: q.errorRatio('client'), legend: METHOD_LEGEND }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Outgoing p99 latency by method',
          description: '99th percentile of outgoing call time as the client sees it, network and queueing included.',
          unit: 's',
          queries: [{ expr: q.latency('client', 0.99), legend: METHOD_LEGEND, exemplar: true }],
        }),
      )
      .withPanel(
        heatmapPanel({
          title: 'Outgoing latency heatmap',
          description:
            'How many outgoing calls per second finished within each latency bucket, with exemplars linking to traces.',
          yUnit: 's',
          unit: 'reqps',
          queries: [{ expr: q.latencyBuckets('client'), exemplar: true }],
        }),
      );
  },
};
