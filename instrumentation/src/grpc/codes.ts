// gRPC status codes under the two spellings the ecosystem uses. Prometheus dashboards
// and SLO tools built for go-grpc-middleware expect Go's `codes.Code.String()` spelling
// (`DeadlineExceeded`); the OpenTelemetry RPC conventions use the upper-snake name of the
// status enum (`DEADLINE_EXCEEDED`). Both are indexed by the numeric code.

/** The grpc_code label values, as Go spells them, indexed by numeric status code. */
export const GRPC_CODE_NAMES = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
] as const;

export type GrpcCodeName = (typeof GRPC_CODE_NAMES)[number];

/** The `rpc.status_code` values of the OpenTelemetry conventions, indexed by numeric status code. */
export const GRPC_STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

export type GrpcStatusName = (typeof GRPC_STATUS_NAMES)[number];

/** Numeric code 2 (UNKNOWN), which grpc-js also reports for codes outside 0..16. */
const UNKNOWN = 2;

/** Go's spelling of a numeric code; anything out of range is `Unknown`, as grpc-js treats it. */
export function grpcCodeName(code: number): GrpcCodeName {
  return GRPC_CODE_NAMES[code] ?? GRPC_CODE_NAMES[UNKNOWN];
}

/** The OpenTelemetry spelling of a numeric code; anything out of range is `UNKNOWN`. */
export function grpcStatusName(code: number): GrpcStatusName {
  return GRPC_STATUS_NAMES[code] ?? GRPC_STATUS_NAMES[UNKNOWN];
}

/**
 * The codes the OpenTelemetry RPC conventions count as a server-side error (the server's
 * fault, not the caller's): UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL,
 * UNAVAILABLE, DATA_LOSS. Server spans and error_type follow this; so can SLOs.
 */
export const SERVER_ERROR_CODES: readonly number[] = [2, 4, 12, 13, 14, 15];

/** SERVER_ERROR_CODES as grpc_code label values. */
export const SERVER_ERROR_CODE_NAMES: readonly GrpcCodeName[] = SERVER_ERROR_CODES.map(grpcCodeName);
