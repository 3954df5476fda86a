// The public API of @kansoku/instrumentation.
export type { GrpcCodeName, GrpcStatusName } from './grpc/codes.js';
export { GRPC_CODE_NAMES, GRPC_STATUS_NAMES, grpcCodeName, grpcStatusName } from './grpc/codes.js';
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
