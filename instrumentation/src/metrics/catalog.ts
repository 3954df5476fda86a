// The one catalogue of every metric family and label @kansoku/instrumentation exports.
// Dashboards, alerts and docs/metrics.md import these names instead of spelling them,
// so a panel or rule that names a family the library does not export fails a test.
// Histogram families are named by their base name; queries add _bucket, _sum, _count.
// Counter names include `_total`, as they appear in the Prometheus exposition.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string;
  labels: readonly string[];
}

/** The label names of the go-grpc-middleware families. */
export const GRPC_LABELS = {
  type: 'grpc_type',
  service: 'grpc_service',
  method: 'grpc_method',
  code: 'grpc_code',
} as const;

/** The values of the grpc_type label. */
export const GRPC_TYPES = ['unary', 'client_stream', 'server_stream', 'bidi_stream'] as const;
export type GrpcType = (typeof GRPC_TYPES)[number];

/**
 * The grpc_service and grpc_method value (and the rpc_method value) of calls whose method
 * is beyond the per-side method bound, so that a client or server inventing method names
 * cannot grow the series without limit. The OpenTelemetry conventions use the same value.
 */
export const OTHER_METHOD = '_OTHER';

/** The label names of the OpenTelemetry RPC semantic-convention families (stable since 1.45). */
export const RPC_LABELS = {
  system: 'rpc_system_name',
  method: 'rpc_method',
  statusCode: 'rpc_status_code',
  errorType: 'error_type',
} as const;

/** The label names of the build-info family. */
export const BUILD_INFO_LABELS = {
  serviceName: 'service_name',
  serviceVersion: 'service_version',
  libraryVersion: 'kansoku_version',
} as const;

const grpcBase = [GRPC_LABELS.type, GRPC_LABELS.service, GRPC_LABELS.method] as const;
const grpcHandled = [...grpcBase, GRPC_LABELS.code] as const;
const rpcLabels = [RPC_LABELS.system, RPC_LABELS.method, RPC_LABELS.statusCode, RPC_LABELS.errorType] as const;

export const METRICS = {
  // go-grpc-middleware providers/prometheus, server side.
  serverStarted: {
    name: 'grpc_server_started_total',
    type: 'counter',
    help: 'Total number of RPCs started on the server.',
    labels: grpcBase,
  },
  serverHandled: {
    name: 'grpc_server_handled_total',
    type: 'counter',
    help: 'Total number of RPCs completed on the server, regardless of success or failure.',
    labels: grpcHandled,
  },
  serverMsgReceived: {
    name: 'grpc_server_msg_received_total',
    type: 'counter',
    help: 'Total number of RPC stream messages received on the server.',
    labels: grpcBase,
  },
  serverMsgSent: {
    name: 'grpc_server_msg_sent_total',
    type: 'counter',
    help: 'Total number of gRPC stream messages sent by the server.',
    labels: grpcBase,
  },
  serverHandlingSeconds: {
    name: 'grpc_server_handling_seconds',
    type: 'histogram',
    help: 'Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.',
    labels: grpcBase,
  },
  serverInFlight: {
    name: 'grpc_server_in_flight_calls',
    type: 'gauge',
    help: 'Number of RPCs started on the server and not yet completed.',
    labels: grpcBase,
  },
  // go-grpc-middleware providers/prometheus, client side.
  clientStarted: {
    name: 'grpc_client_started_total',
    type: 'counter',
    help: 'Total number of RPCs started on the client.',
    labels: grpcBase,
  },
  clientHandled: {
    name: 'grpc_client_handled_total',
    type: 'counter',
    help: 'Total number of RPCs completed by the client, regardless of success or failure.',
    labels: grpcHandled,
  },
  clientMsgReceived: {
    name: 'grpc_client_msg_received_total',
    type: 'counter',
    help: 'Total number of RPC stream messages received by the client.',
    labels: grpcBase,
  },
  clientMsgSent: {
    name: 'grpc_client_msg_sent_total',
    type: 'counter',
    help: 'Total number of gRPC stream messages sent by the client.',
    labels: grpcBase,
  },
  clientHandlingSeconds: {
    name: 'grpc_client_handling_seconds',
    type: 'histogram',
    help: 'Histogram of response latency (seconds) of the gRPC until it is finished by the application.',
    labels: grpcBase,
  },
  clientInFlight: {
    name: 'grpc_client_in_flight_calls',
    type: 'gauge',
    help: 'Number of RPCs started by the client and not yet completed.',
    labels: grpcBase,
  },
  // OpenTelemetry RPC semantic conventions (rpc.server.call.duration, rpc.client.call.duration),
  // named as an OpenTelemetry-to-Prometheus translation names them.
  rpcServerCallDuration: {
    name: 'rpc_server_call_duration_seconds',
    type: 'histogram',
    help: 'Measures the duration of inbound remote procedure calls (OpenTelemetry rpc.server.call.duration).',
    labels: rpcLabels,
  },
  rpcClientCallDuration: {
    name: 'rpc_client_call_duration_seconds',
    type: 'histogram',
    help: 'Measures the duration of outbound remote procedure calls (OpenTelemetry rpc.client.call.duration).',
    labels: rpcLabels,
  },
  // The service itself and the library's own health.
  buildInfo: {
    name: 'kansoku_build_info',
    type: 'gauge',
    help: 'Always 1; labelled with the service name and version and the @kansoku/instrumentation version.',
    labels: [BUILD_INFO_LABELS.serviceName, BUILD_INFO_LABELS.serviceVersion, BUILD_INFO_LABELS.libraryVersion],
  },
  instrumentationErrors: {
    name: 'kansoku_instrumentation_errors_total',
    type: 'counter',
    help: 'Failures inside the instrumentation itself (never passed on to the call), by component.',
    labels: ['component'],
  },
  spansExported: {
    name: 'kansoku_spans_exported_total',
    type: 'counter',
    help: 'Finished spans the collector accepted (the built-in OTLP pipeline; an SDK exporter or provider counts its own).',
    labels: [],
  },
  spansDropped: {
    name: 'kansoku_spans_dropped_total',
    type: 'counter',
    help: 'Finished spans that were not exported, by reason (queue_full, export_failed, rejected, shutdown).',
    labels: ['reason'],
  },
  logsDropped: {
    name: 'kansoku_logs_dropped_total',
    type: 'counter',
    help: 'Log lines that direct shipping to Elasticsearch did not deliver, by reason (buffer_full, ship_failed).',
    labels: ['reason'],
  },
  // prom-client collectDefaultMetrics: process.
  processCpuUserSeconds: counter('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.'),
  processCpuSystemSeconds: counter('process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.'),
  processCpuSeconds: counter('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.'),
  processStartTime: gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.'),
  processResidentMemory: gauge('process_resident_memory_bytes', 'Resident memory size in bytes.'),
  processVirtualMemory: gauge('process_virtual_memory_bytes', 'Virtual memory size in bytes.'),
  processHeap: gauge('process_heap_bytes', 'Process heap size in bytes.'),
  processOpenFds: gauge('process_open_fds', 'Number of open file descriptors.'),
  processMaxFds: gauge('process_max_fds', 'Maximum number of open file descriptors.'),
  // prom-client collectDefaultMetrics: Node.js runtime.
  nodejsEventloopLag: gauge('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.'),
  nodejsEventloopLagMin: gauge('nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.'),
  nodejsEventloopLagMax: gauge('nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.'),
  nodejsEventloopLagMean: gauge('nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.'),
  nodejsEventloopLagStddev: gauge(
    'nodejs_eventloop_lag_stddev_seconds',
    'The standard deviation of the recorded event loop delays.',
  ),
  nodejsEventloopLagP50: gauge(
    'nodejs_eventloop_lag_p50_seconds',
    'The 50th percentile of the recorded event loop delays.',
  ),
  nodejsEventloopLagP90: gauge(
    'nodejs_eventloop_lag_p90_seconds',
    'The 90th percentile of the recorded event loop delays.',
  ),
  nodejsEventloopLagP99: gauge(
    'nodejs_eventloop_lag_p99_seconds',
    'The 99th percentile of the recorded event loop delays.',
  ),
  nodejsActiveResources: gauge(
    'nodejs_active_resources',
    'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
    ['type'],
  ),
  nodejsActiveResourcesTotal: gauge('nodejs_active_resources_total', 'Total number of active resources.'),
  nodejsActiveHandles: gauge(
    'nodejs_active_handles',
    'Number of active libuv handles grouped by handle type. Every handle type is C++ class name.',
    ['type'],
  ),
  nodejsActiveHandlesTotal: gauge('nodejs_active_handles_total', 'Total number of active handles.'),
  nodejsActiveRequests: gauge(
    'nodejs_active_requests',
    'Number of active libuv requests grouped by request type. Every request type is C++ class name.',
    ['type'],
  ),
  nodejsActiveRequestsTotal: gauge('nodejs_active_requests_total', 'Total number of active requests.'),
  nodejsHeapSizeTotal: gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.'),
  nodejsHeapSizeUsed: gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.'),
  nodejsExternalMemory: gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.'),
  nodejsHeapSpaceSizeTotal: gauge(
    'nodejs_heap_space_size_total_bytes',
    'Process heap space size total from Node.js in bytes.',
    ['space'],
  ),
  nodejsHeapSpaceSizeUsed: gauge(
    'nodejs_heap_space_size_used_bytes',
    'Process heap space size used from Node.js in bytes.',
    ['space'],
  ),
  nodejsHeapSpaceSizeAvailable: gauge(
    'nodejs_heap_space_size_available_bytes',
    'Process heap space size available from Node.js in bytes.',
    ['space'],
  ),
  nodejsVersionInfo: gauge('nodejs_version_info', 'Node.js version info.', ['version', 'major', 'minor', 'patch']),
  nodejsGcDuration: {
    name: 'nodejs_gc_duration_seconds',
    type: 'histogram',
    help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    labels: ['kind'],
  },
} as const satisfies Record<string, MetricFamily>;

export type MetricKey = keyof typeof METRICS;

/** Every family, in catalogue order. */
export const metricCatalog: readonly MetricFamily[] = Object.values(METRICS);

/** The families prom-client's collectDefaultMetrics registers (Node.js runtime and process). */
export const runtimeMetricNames: readonly string[] = metricCatalog
  .filter((m) => m.name.startsWith('process_') || m.name.startsWith('nodejs_'))
  .map((m) => m.name);

function counter<N extends string>(name: N, help: string) {
  return { name, type: 'counter', help, labels: [] } as const;
}

function gauge<N extends string, L extends readonly string[] = readonly []>(name: N, help: string, labels?: L) {
  return { name, type: 'gauge', help, labels: (labels ?? []) as L } as const;
}
