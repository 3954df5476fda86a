// The pieces both gRPC dashboards share: which series belong to the selected services,
// which status codes count as server errors, and the latency quantiles shown.
import { GRPC_CODE_NAMES, GRPC_LABELS } from '@kansoku/instrumentation';
import { type DashboardContext, TARGET, VARS } from '../context.js';
import { matchers, oneOf, varMatch } from '../promql.js';

/**
 * Codes that mean the server failed, after the OpenTelemetry RPC conventions: the caller's
 * own mistakes (InvalidArgument, NotFound, PermissionDenied, …) are not the service's errors.
 */
export const SERVER_ERROR_CODES: readonly string[] = [
  GRPC_CODE_NAMES[2], // Unknown
  GRPC_CODE_NAMES[4], // DeadlineExceeded
  GRPC_CODE_NAMES[12], // Unimplemented
  GRPC_CODE_NAMES[13], // Internal
  GRPC_CODE_NAMES[14], // Unavailable
  GRPC_CODE_NAMES[15], // DataLoss
];

export const QUANTILES = [0.5, 0.9, 0.99] as const;

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
