// SLO definitions: what a gRPC service promises, from which the burn-rate recording and
// alerting rules are generated. One definition is one objective on one indicator.
import { DEFAULT_BUCKETS, type GrpcCodeName, SERVER_ERROR_CODE_NAMES } from '@kansoku/instrumentation';

export interface AvailabilityIndicator {
  kind: 'availability';
  /** A counter of finished calls with grpc_service and grpc_code labels. Default grpc_server_handled_total. */
  metric?: string;
  /** The codes that count as failures. Default DEFAULT_ERROR_CODES. */
  errorCodes?: GrpcCodeName[];
}

export interface LatencyIndicator {
  kind: 'latency';
  /** A histogram of call durations with a grpc_service label. Default grpc_server_handling_seconds. */
  metric?: string;
  /** Calls slower than this are bad. Must be a bucket boundary of the histogram. */
  thresholdSeconds: number;
}

export interface SloDefinition {
  /** Unique; becomes the `slo` label of the series and alerts. */
  name: string;
  /** The grpc_service label value, e.g. kansoku.demo.Shop. */
  service: string;
  /** The share of good calls promised, strictly between 0 and 1 (0.999 for 99.9%). */
  objective: number;
  /** The period the objective is measured over, e.g. 30d. */
  window: string;
  indicator: AvailabilityIndicator | LatencyIndicator;
  /** Extra label matchers, e.g. `job="kansoku-demo"`, added to the gRPC services selector. */
  selector?: string;
  /** grpc_method values the SLO covers; every method when absent. */
  methods?: readonly string[];
}

/**
 * Codes that mean the server failed, not the caller: the ones the OpenTelemetry RPC
 * conventions count as the server's fault. The caller's own mistakes (InvalidArgument,
 * NotFound, PermissionDenied, …) and cancellations spend no budget.
 */
export const DEFAULT_ERROR_CODES: readonly GrpcCodeName[] = SERVER_ERROR_CODE_NAMES;

/** Buckets of grpc_server_handling_seconds unless the services set handlingBuckets: the instrumentation's default. */
export const DEFAULT_HANDLING_BUCKETS: readonly number[] = DEFAULT_BUCKETS;
