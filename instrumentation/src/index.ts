// The public API of @kansoku/instrumentation.

export type { ErrorCode } from './errors.js';
export { ERROR_CODES, InvalidOptionsError, KansokuError } from './errors.js';
export type { GrpcCodeName, GrpcStatusName } from './grpc/codes.js';
export {
  GRPC_CODE_NAMES,
  GRPC_STATUS_NAMES,
  grpcCodeName,
  grpcStatusName,
  SERVER_ERROR_CODE_NAMES,
  SERVER_ERROR_CODES,
} from './grpc/codes.js';
export type {
  NiceGrpcCallOptions,
  NiceGrpcClientCall,
  NiceGrpcClientMiddleware,
  NiceGrpcMetadata,
} from './interceptors/nice-grpc-client.js';
export type { LogField, LogFieldKey, LogFieldType } from './logging/fields.js';
export { ECS_VERSION, LOG_FIELDS, logFieldCatalog } from './logging/fields.js';
export type { GrpcType, MetricFamily, MetricKey, MetricType } from './metrics/catalog.js';
export {
  BUILD_INFO_LABELS,
  GRPC_LABELS,
  GRPC_TYPES,
  METRICS,
  metricCatalog,
  OTHER_METHOD,
  RPC_LABELS,
  runtimeMetricNames,
} from './metrics/catalog.js';
export type { MetricsAddress, Observability } from './observability.js';
export { createObservability } from './observability.js';
export type {
  AccessLogOptions,
  ElasticsearchShippingOptions,
  ExcludeOptions,
  LoggingOptions,
  MetricConventions,
  MetricsOptions,
  ObservabilityOptions,
  TracingOptions,
} from './options.js';
export { DEFAULT_BUCKETS, DEFAULT_METRICS_PORT, OTEL_BUCKETS } from './resolve-options.js';
export type { EncodedSpans, ExportOutcome, SpanExporter as EncodedSpansExporter } from './tracing/finished-span.js';
export { LIBRARY_VERSION } from './version.js';
