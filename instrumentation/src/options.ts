// The one options object of createObservability. Every field is optional except a service
// name (from here or OTEL_SERVICE_NAME); resolve-options.ts checks it once and fills defaults.

import type { TracerProvider } from '@opentelemetry/api';
import type { SpanExporter as OtelSpanExporter } from '@opentelemetry/sdk-trace-base';
import type { DestinationStream, Level, LevelWithSilent } from 'pino';
import type { Registry } from 'prom-client';
import type { SpanExporter as EncodedSpansExporter } from './tracing/finished-span.js';

export interface ObservabilityOptions {
  /** service.name everywhere (resource, build info, log lines). Default: OTEL_SERVICE_NAME. */
  serviceName?: string;
  /** service.version. Default: the service.version of OTEL_RESOURCE_ATTRIBUTES, if any. */
  serviceVersion?: string;
  metrics?: MetricsOptions | false;
  /** Traces are on when this is an object, or when it is left out and OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set. */
  tracing?: TracingOptions | false;
  logging?: LoggingOptions;
  exclude?: ExcludeOptions;
  /** Where the OTEL_* and Kubernetes variables are read from. Default: process.env. */
  env?: Record<string, string | undefined>;
}

export type MetricConventions = 'grpc' | 'otel' | 'both';

export interface MetricsOptions {
  /** Port of the HTTP endpoint serving /metrics, /healthz and /readyz; 0 takes any free port; false serves nothing. Default 9464. */
  port?: number | false;
  /** Address the endpoint listens on. Default 0.0.0.0, so that Prometheus in the cluster can reach it. */
  host?: string;
  /** Register into this registry instead of a new one. */
  registry?: Registry;
  /**
   * Which call metrics: go-grpc-middleware's grpc_* families, the OpenTelemetry rpc.*.call.duration
   * histograms, or both. Default 'grpc', or what OTEL_SEMCONV_STABILITY_OPT_IN says (rpc → otel, rpc/dup → both).
   */
  conventions?: MetricConventions;
  /** grpc_server_handling_seconds and grpc_client_handling_seconds. Default true. */
  handlingTimeHistogram?: boolean;
  /** Buckets of the grpc_*_handling_seconds histograms, in seconds. Default Prometheus's DefBuckets. */
  buckets?: number[];
  /** Buckets of the rpc_*_call_duration_seconds histograms. Default the OpenTelemetry advice. */
  otelBuckets?: number[];
  /** Trace and span ids on histogram observations of sampled calls (OpenMetrics scrapes only). Default true. */
  exemplars?: boolean;
  /** prom-client's Node.js runtime and process metrics. Default true. */
  runtimeMetrics?: boolean;
  /** Distinct methods tracked per side before further ones collapse into _OTHER. Default 1000. */
  maxMethods?: number;
  /** Extra labels read from request metadata: label name → metadata key. Off unless listed. */
  metadataLabels?: Record<string, string>;
  /** Distinct combinations of metadata label values per method before further ones collapse into _OTHER. Default 100. */
  maxLabelValues?: number;
  /** Longest metadata label value kept, in characters; longer values are counted as _OTHER (and logged). Default 128. */
  maxLabelValueLength?: number;
}

export interface TracingOptions {
  /** OTLP/gRPC endpoint, e.g. http://otel-collector:4317. Default OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, then http://localhost:4317. */
  endpoint?: string;
  /**
   * How spans are sent: OTLP over gRPC, or OTLP/HTTP with protobuf bodies. With
   * 'http/protobuf', `endpoint` is the whole URL (default http://localhost:4318/v1/traces).
   * Default OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL, then 'grpc'.
   */
  protocol?: 'grpc' | 'http/protobuf';
  /** Fraction of new traces sampled, 0..1; a caller's sampling decision is always followed. Default OTEL_TRACES_SAMPLER(_ARG), then 1. */
  sampleRatio?: number;
  /**
   * Headers sent with every export (e.g. an API key for a hosted collector). Default
   * OTEL_EXPORTER_OTLP_(TRACES_)HEADERS. Their values are never logged.
   */
  headers?: Record<string, string>;
  // --- beside the OpenTelemetry SDK (docs/instrumentation.md); at most one of these three ---
  /**
   * An OpenTelemetry SpanExporter (e.g. ConsoleSpanExporter, or an OTLPTraceExporter):
   * spans are then made by an SDK TracerProvider of kansoku's own (never registered
   * globally) with a BatchSpanProcessor around this exporter, the batch options below and
   * sampleRatio.
   */
  exporter?: OtelSpanExporter;
  /**
   * An OpenTelemetry TracerProvider that makes kansoku's spans: its resource, sampler,
   * processors and exporters apply. Default: the one the application registered globally,
   * if any (register it before createObservability); kansoku never shuts it down.
   */
  provider?: TracerProvider;
  /** The built-in pipeline's encoded OTLP batches go to this exporter instead of over the network. */
  encodedExporter?: EncodedSpansExporter;
  /** Finished spans waiting for export; beyond it spans are dropped and counted. Default OTEL_BSP_MAX_QUEUE_SIZE, then 2048. */
  maxQueueSize?: number;
  /** Default OTEL_BSP_MAX_EXPORT_BATCH_SIZE, then 512. */
  maxExportBatchSize?: number;
  /** Longest wait before a partial batch is exported. Default OTEL_BSP_SCHEDULE_DELAY, then 1000. */
  scheduledDelayMs?: number;
  /** The batch processor's limit on one export, whatever the exporter does. Default OTEL_BSP_EXPORT_TIMEOUT, then 30000. */
  exportTimeoutMs?: number;
  // --- the OTLP exporter (export path parity: retries, timeout, gzip, TLS, limits) ---
  /**
   * Longest time one OTLP export may take, retries included; the request in flight is
   * cancelled when it passes. Default OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT, then 10000.
   */
  timeoutMs?: number;
  /** 'gzip' compresses each batch (grpc-encoding / Content-Encoding). Default OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION, then 'none'. */
  compression?: 'gzip' | 'none';
  /**
   * TLS for https:// endpoints: trusted CA and a client certificate for mutual TLS, as PEM
   * text. Default the files OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE, _CLIENT_CERTIFICATE and
   * _CLIENT_KEY name; without a CA, the system's.
   */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
  /**
   * For a gRPC endpoint written without a scheme (collector:4317): true sends plaintext, false
   * uses TLS. http:// and https:// always decide. Default OTEL_EXPORTER_OTLP_(TRACES_)INSECURE, then false.
   */
  insecure?: boolean;
  /** Bounds on what one span holds. Defaults: OTEL_SPAN_*_LIMIT / OTEL_ATTRIBUTE_*_LIMIT, then 128 each and no value length limit. */
  spanLimits?: SpanLimitOptions;
}

export interface SpanLimitOptions {
  /** Longest string attribute value (each string of an array, too); longer ones are truncated. */
  attributeValueLength?: number;
  attributes?: number;
  events?: number;
  links?: number;
  attributesPerEvent?: number;
  attributesPerLink?: number;
}

export interface LoggingOptions {
  /** Default 'info'. */
  level?: LevelWithSilent;
  /** Where JSON lines go. Default stdout, written asynchronously. */
  destination?: DestinationStream;
  /** pino redaction paths, e.g. ['req.headers.authorization', '*.password']. */
  redact?: string[];
  /** One line per finished server call. Default on at info, every call. false turns it off. */
  accessLog?: AccessLogOptions | false;
  /** Also ship every line to Elasticsearch (pino-elasticsearch must be installed). */
  elasticsearch?: ElasticsearchShippingOptions;
}

export interface AccessLogOptions {
  /** Level of lines for successful calls. Default 'info'. */
  level?: Level;
  /** Level of lines for failed calls. Default 'warn'. */
  failureLevel?: Level;
  /** Fraction of successful calls that get a line, 0..1; failed calls always do. Default 1. */
  successSampleRatio?: number;
  /** Also write lines for the client interceptor's calls. Default false. */
  client?: boolean;
}

export interface ElasticsearchShippingOptions {
  /** Elasticsearch URL, e.g. http://elasticsearch:9200. */
  node: string;
  /** Index or data stream. Default 'logs-kansoku-default'. */
  index?: string;
  /** Bytes of lines held while Elasticsearch is slow or away; beyond it lines are dropped and counted. Default 8 MiB. */
  maxBufferBytes?: number;
  /** Default 1000. */
  flushIntervalMs?: number;
}

export interface ExcludeOptions {
  /** Leave grpc.health.v1 calls out of metrics and traces. Default true. */
  health?: boolean;
  /** Leave grpc.reflection calls out of metrics and traces. Default true. */
  reflection?: boolean;
  /** More to leave out: full paths (/pkg.Service/Method) or whole services (pkg.Service). */
  methods?: string[];
}
