// PromQL of the gRPC services overview, kept apart from its layout. Every function takes
// the grouping it is drawn by, so one query text serves the per-service and per-method rows.
import { GRPC_LABELS, METRICS } from '@kansoku/instrumentation';
import type { DashboardContext } from '../context.js';
import { errorCodeMatch, inFlight, serviceScope } from '../grpc/scope.js';
import { histogramQuantile, rate, ratioOrZero, series, sumBy } from '../promql.js';

export function grpcOverviewQueries(ctx: DashboardContext) {
  const scope = serviceScope(ctx);
  const handled = (...extra: string[]) => rate(series(METRICS.serverHandled.name, scope, ...extra));
  return {
    /** Completed calls per second. */
    requestRate: (by: readonly string[]) => sumBy(by, handled()),
    /** Completed calls per second by status code. */
    requestRateByCode: (by: readonly string[]) => sumBy([...by, GRPC_LABELS.code], handled()),
    /** Calls that ended in a server error code, per second. */
    errorRate: (by: readonly string[]) => sumBy(by, handled(errorCodeMatch)),
    /** Share of completed calls that ended in a server error code. */
    errorRatio: (by: readonly string[]) => ratioOrZero(sumBy(by, handled(errorCodeMatch)), sumBy(by, handled())),
    /** Calls that ended in any code but OK, per second, by code: the client errors too. */
    nonOkRate: (by: readonly string[]) => sumBy([...by, GRPC_LABELS.code], handled(`${GRPC_LABELS.code}!="OK"`)),
    latency: (q: number, by: readonly string[]) => histogramQuantile(q, METRICS.serverHandlingSeconds.name, by, scope),
    /** Calls in progress: the gauge, or started − handled where a service has no gauge. */
    inFlight: (by: readonly string[]) =>
      inFlight(
        ctx,
        {
          gauge: METRICS.serverInFlight.name,
          started: METRICS.serverStarted.name,
          handled: METRICS.serverHandled.name,
        },
        by,
        scope,
      ),
  };
}
