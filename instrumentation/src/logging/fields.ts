// The one catalogue of the field names the library's log lines carry. They follow the
// Elastic Common Schema (ECS), so Elasticsearch, Kibana and the Fluentd pipeline need no
// renaming. Each line is one JSON object with flat, dotted keys ("trace.id": "…"); an
// Elasticsearch mapping treats a dotted key exactly like the nested object path.
// docs/log-fields.md is generated from this list.

export type LogFieldType = 'date' | 'keyword' | 'text' | 'long' | 'integer' | 'ip';

export interface LogField {
  name: string;
  /** The Elasticsearch field type the ECS mapping gives it. */
  type: LogFieldType;
  description: string;
  /** Present on every line, or only on some. */
  always: boolean;
}

export const LOG_FIELDS = {
  timestamp: {
    name: '@timestamp',
    type: 'date',
    description: 'When the line was written, ISO 8601 in UTC with milliseconds.',
    always: true,
  },
  level: {
    name: 'log.level',
    type: 'keyword',
    description: 'trace, debug, info, warn, error or fatal.',
    always: true,
  },
  logger: {
    name: 'log.logger',
    type: 'keyword',
    description: 'Which part wrote the line: `grpc.access` for access lines, `kansoku` for the library itself.',
    always: false,
  },
  message: { name: 'message', type: 'text', description: 'The human-readable message.', always: true },
  serviceName: { name: 'service.name', type: 'keyword', description: 'The serviceName option.', always: true },
  serviceVersion: {
    name: 'service.version',
    type: 'keyword',
    description: 'The serviceVersion option, when set.',
    always: false,
  },
  ecsVersion: { name: 'ecs.version', type: 'keyword', description: 'The ECS version the names follow.', always: true },
  processPid: { name: 'process.pid', type: 'long', description: 'The process id.', always: true },
  hostName: {
    name: 'host.hostname',
    type: 'keyword',
    description: 'The host (in Kubernetes, the pod) name.',
    always: true,
  },
  traceId: {
    name: 'trace.id',
    type: 'keyword',
    description: 'The W3C trace id (32 hex digits) of the gRPC call the line was written in.',
    always: false,
  },
  spanId: {
    name: 'span.id',
    type: 'keyword',
    description: 'The span id (16 hex digits) of the call the line was written in.',
    always: false,
  },
  errorType: {
    name: 'error.type',
    type: 'keyword',
    description: 'The class name of the logged error (`err`), e.g. TypeError.',
    always: false,
  },
  errorMessage: { name: 'error.message', type: 'text', description: 'The message of the logged error.', always: false },
  errorStackTrace: {
    name: 'error.stack_trace',
    type: 'text',
    description: 'The stack trace of the logged error, lines joined by newlines.',
    always: false,
  },
  errorCode: {
    name: 'error.code',
    type: 'keyword',
    description: 'The code of the logged error when it has one (KANSOKU_ERR_…, a Node.js error code).',
    always: false,
  },
  eventDuration: {
    name: 'event.duration',
    type: 'long',
    description: 'Access lines: the call duration in nanoseconds, as ECS defines it.',
    always: false,
  },
  eventOutcome: {
    name: 'event.outcome',
    type: 'keyword',
    description: 'Access lines: success or failure.',
    always: false,
  },
  clientAddress: {
    name: 'client.address',
    type: 'keyword',
    description: 'Access lines: the peer of the call as grpc-js reports it (ip:port, or a socket path).',
    always: false,
  },
  clientIp: {
    name: 'client.ip',
    type: 'ip',
    description: 'Access lines: the IP address of the peer, when it has one.',
    always: false,
  },
  clientPort: {
    name: 'client.port',
    type: 'long',
    description: 'Access lines: the port of the peer, when it has one.',
    always: false,
  },
  grpcType: {
    name: 'grpc.type',
    type: 'keyword',
    description: 'Access lines: unary, client_stream, server_stream or bidi_stream.',
    always: false,
  },
  grpcService: {
    name: 'grpc.service',
    type: 'keyword',
    description: 'Access lines: the fully qualified service, e.g. shop.Checkout.',
    always: false,
  },
  grpcMethod: { name: 'grpc.method', type: 'keyword', description: 'Access lines: the method name.', always: false },
  grpcCode: {
    name: 'grpc.code',
    type: 'keyword',
    description: 'Access lines: the status code as Go spells it (OK, DeadlineExceeded, …).',
    always: false,
  },
  component: {
    name: 'kansoku.component',
    type: 'keyword',
    description:
      "The library's own problem reports: which part failed (metrics_endpoint, span_export, log_shipping, …).",
    always: false,
  },
} as const satisfies Record<string, LogField>;

export type LogFieldKey = keyof typeof LOG_FIELDS;

/** Every field, in catalogue order. */
export const logFieldCatalog: readonly LogField[] = Object.values(LOG_FIELDS);

/** The ECS version the field names follow. */
export const ECS_VERSION = '8.11.0';
