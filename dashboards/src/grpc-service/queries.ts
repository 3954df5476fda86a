// PromQL of the gRPC service detail dashboard, kept apart from its layout. The server side
// is narrowed to the picked gRPC services and methods; the client side (the calls this
// service makes to others) only to the picked service, since its methods belong to others.
import { GRPC_LABELS, GRPC_TYPES, METRICS } from '@kansoku/instrumentation';
import type { DashboardContext } from '../context.js';
import { errorCodeMatch, inFlight, METHOD_BY, serviceScope } from '../grpc/scope.js';
import { histogramQuantile, matchers, rate, ratioOrZero, series, sumBy, varMatch } from '../promql.js';

export const DETAIL_VARS = { grpcService: 'grpc_service', method: 'method' } as const;

/** Streaming calls only: unary calls always move exactly one message each way. */
const streamsOnly = `${GRPC_LABELS.type}!="${GRPC_TYPES[0]}"`;

export function grpcServiceQueries(ctx: DashboardContext) {
  const service = serviceScope(ctx);
  const server = matchers(
    service,
    varMatch(GRPC_LABELS.service, DETAIL_VARS.grpcService),
    varMatch(GRPC_LABELS.method, DETAIL_VARS.method),
  );
  const by = METHOD_BY;
  const side = (s: 'server' | 'client') =>
    s === 'server'
      ? {
          scope: server,
          started: METRICS.serverStarted.name,
          handled: METRICS.serverHandled.name,
          seconds: METRICS.serverHandlingSeconds.name,
          inFlight: METRICS.serverInFlight.name,
          received: METRICS.serverMsgReceived.name,
          sent: METRICS.serverMsgSent.name,
        }
      : {
          scope: service,
          started: METRICS.clientStarted.name,
          handled: METRICS.clientHandled.name,
          seconds: METRICS.clientHandlingSeconds.name,
          inFlight: METRICS.clientInFlight.name,
          received: METRICS.clientMsgReceived.name,
          sent: METRICS.clientMsgSent.name,
        };
  return {
    requestRateByCode: (s: 'server' | 'client') =>
      sumBy([...by, GRPC_LABELS.code], rate(series(side(s).handled, side(s).scope))),
    /** Server side: server error codes only. Client side: every code but OK failed the caller. */
    errorRatio: (s: 'server' | 'client') => {
      const failed = s === 'server' ? errorCodeMatch : `${GRPC_LABELS.code}!="OK"`;
      return ratioOrZero(
        sumBy(by, rate(series(side(s).handled, side(s).scope, failed))),
        sumBy(by, rate(series(side(s).handled, side(s).scope))),
      );
    },
    latency: (s: 'server' | 'client', q: number, groupBy: readonly string[] = by) =>
      histogramQuantile(q, side(s).seconds, groupBy, side(s).scope),
    /** Bucket rates for a heatmap: one series per bucket boundary. */
    latencyBuckets: (s: 'server' | 'client') => sumBy(['le'], rate(series(`${side(s).seconds}_bucket`, side(s).scope))),
    /** Calls in progress: the gauge, or started − handled where a service has no gauge. */
    inFlight: (s: 'server' | 'client') =>
      inFlight(ctx, { gauge: side(s).inFlight, started: side(s).started, handled: side(s).handled }, by, side(s).scope),
    startedByType: () => sumBy([GRPC_LABELS.type], rate(series(side('server').started, server))),
    messagesReceived: (s: 'server' | 'client') => sumBy(by, rate(series(side(s).received, side(s).scope, streamsOnly))),
    messagesSent: (s: 'server' | 'client') => sumBy(by, rate(series(side(s).sent, side(s).scope, streamsOnly))),
    /** Mean messages a streaming call moves in each direction: messages over calls started. */
    messagesPerCall: (direction: 'received' | 'sent') => {
      const metric = direction === 'received' ? side('server').received : side('server').sent;
      return `${sumBy(by, rate(series(metric, server, streamsOnly)))} / ${sumBy(by, rate(series(side('server').started, server, streamsOnly)))}`;
    },
  };
}
