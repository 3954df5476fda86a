// Checks the options once, at construction, collecting every problem before throwing one
// InvalidOptionsError, and turns them (with the OTEL_* environment) into the settled
// values the rest of the library reads. Nothing downstream re-checks or re-reads env.
import pino, { type DestinationStream, type Level, type LevelWithSilent } from 'pino';
import type { Registry } from 'prom-client';
import { InvalidOptionsError } from './errors.js';
import { loadPinoElasticsearch } from './logging/elasticsearch-shipping.js';
import { GRPC_LABELS, METRICS, RPC_LABELS } from './metrics/catalog.js';
import type { MetricConventions, ObservabilityOptions } from './options.js';
import {
  envKubernetesAttributes,
  envResourceAttributes,
  envRpcConventions,
  envSampler,
  envServiceName,
  envTracesEndpoint,
  envTracesHeaders,
  envTracesProtocol,
  envTracingDisabled,
  type SamplerSetting,
} from './otel-env.js';
import { envBatch, envExport, envSdkDisabled, envSpanLimits } from './otel-env-export.js';
import { type ResolvedSdkInterop, resolveSdkInterop } from './resolve-sdk-interop.js';
import type { OtlpTls } from './tracing/otlp/tls.js';
import { tracerProviderRegistered } from './tracing/provider.js';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './tracing/span.js';

/** Prometheus client_golang's DefBuckets, which go-grpc-middleware uses. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** The bucket advice of the OpenTelemetry RPC conventions for rpc.*.call.duration. */
export const OTEL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
export const DEFAULT_METRICS_PORT = 9464;
/** Longest metadata label value kept; longer ones are counted as _OTHER. */
export const DEFAULT_LABEL_VALUE_LENGTH = 128;
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4317';
export const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://localhost:4318/v1/traces';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Labels the call families set themselves; a metadata label of the same name would overwrite them. */
const RESERVED_LABELS = new Set<string>([...Object.values(GRPC_LABELS), ...Object.values(RPC_LABELS), 'le']);

export interface ResolvedMetrics {
  /** false when the metrics option is false: no call metrics, runtime metrics or endpoint. */
  enabled: boolean;
  port: number | false;
  host: string;
  registry: Registry | undefined;
  grpc: boolean;
  otel: boolean;
  handlingTimeHistogram: boolean;
  buckets: number[];
  otelBuckets: number[];
  exemplars: boolean;
  runtimeMetrics: boolean;
  maxMethods: number;
  /** [label name, metadata key] pairs, in a fixed order. */
  metadataLabels: [string, string][];
  maxLabelValues: number;
  maxLabelValueLength: number;
}

export interface ResolvedTracing extends ResolvedSdkInterop {
  /** For grpc, the URL's host and port; for http/protobuf, the whole URL spans are POSTed to. */
  endpoint: string;
  protocol: 'grpc' | 'http/protobuf';
  sampler: SamplerSetting;
  headers: Record<string, string>;
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  exportTimeoutMs: number;
  // --- the OTLP exporter ---
  /** One export's limit, retries included. */
  timeoutMs: number;
  compression: 'gzip' | 'none';
  /** TLS settings for an https:// endpoint; undefined when none were given. */
  tls: OtlpTls | undefined;
  spanLimits: SpanLimits;
}

export interface ResolvedAccessLog {
  level: Level;
  failureLevel: Level;
  successSampleRatio: number;
  client: boolean;
}

export interface ResolvedLogging {
  level: LevelWithSilent;
  destination: DestinationStream | undefined;
  redact: string[];
  accessLog: ResolvedAccessLog | false;
  elasticsearch: { node: string; index: string; maxBufferBytes: number; flushIntervalMs: number } | undefined;
}

export interface ResolvedOptions {
  serviceName: string;
  serviceVersion: string | undefined;
  /** Resource attributes beyond service.name and service.version: OTEL_RESOURCE_ATTRIBUTES and Kubernetes. */
  resourceAttributes: Record<string, string>;
  metrics: ResolvedMetrics;
  tracing: ResolvedTracing | false;
  logging: ResolvedLogging;
  exclude: { health: boolean; reflection: boolean; methods: string[] };
}

type Problems = string[];
type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an optional sub-object, reporting a wrong type and unknown keys. */
function section(problems: Problems, path: string, value: unknown, keys: readonly string[]): Obj | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.push(`${path} must be an object, got ${describe(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) problems.push(`${path}.${key} is not a known option (known: ${keys.join(', ')})`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function str(problems: Problems, path: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${path} must be a non-empty string, got ${describe(value)}`);
    return undefined;
  }
  return value;
}

function bool(problems: Problems, path: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    problems.push(`${path} must be true or false, got ${describe(value)}`);
    return undefined;
  }
  return value;
}

function int(problems: Problems, path: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${path} must be an integer from ${min} to ${max}, got ${describe(value)}`);
    return undefined;
  }
  return value;
}

function ratio(problems: Problems, path: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    problems.push(`${path} must be a number from 0 to 1, got ${describe(value)}`);
    return undefined;
  }
  return value;
}

function oneOf<T extends string>(
  problems: Problems,
  path: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    problems.push(`${path} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
    return undefined;
  }
  return value as T;
}

function buckets(problems: Problems, path: string, value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((b, i) => typeof b === 'number' && Number.isFinite(b) && (i === 0 || b > (value[i - 1] as number)));
  if (!ok) {
    problems.push(`${path} must be a non-empty array of finite numbers in increasing order, got ${describe(value)}`);
    return undefined;
  }
  return [...(value as number[])];
}

function strings(problems: Problems, path: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    problems.push(`${path} must be an array of non-empty strings, got ${describe(value)}`);
    return undefined;
  }
  return [...value];
}

/** Full paths (/pkg.Service/Method) or services (pkg.Service); anything else would silently match nothing. */
function excludedMethods(problems: Problems, path: string, value: unknown): string[] {
  const methods = strings(problems, path, value) ?? [];
  for (const m of methods) {
    if (m.startsWith('/') ? !/^\/[^/]+\/[^/]+$/.test(m) : m.includes('/')) {
      problems.push(`${path}: "${m}" is neither a full method path (/pkg.Service/Method) nor a service (pkg.Service)`);
    }
  }
  return methods;
}

/** Redaction paths pino accepts; pino itself is the judge, as it would throw its own error later. */
function redactPaths(problems: Problems, path: string, value: unknown): string[] | undefined {
  const paths = strings(problems, path, value);
  if (paths === undefined) return undefined;
  const discard = { write() {} };
  for (const p of paths) {
    try {
      pino({ redact: [p] }, discard);
    } catch {
      problems.push(`${path}: "${p}" is not a valid redaction path (e.g. 'user.password', '*.token', 'a["b-c"]')`);
    }
  }
  return paths;
}

// gRPC metadata keys: lowercase letters, digits, '-', '_' and '.'; '-bin' keys carry binary and are not headers.
const HEADER_KEY = /^[0-9a-z_.-]+$/;
// Printable ASCII, as HTTP/2 header values for gRPC must be.
const HEADER_VALUE = /^[\x20-\x7e]*$/;

/** Export headers from the option, else the environment. Values are never quoted in problems: they may be secrets. */
function exportHeaders(
  problems: Problems,
  value: unknown,
  env: Record<string, string | undefined>,
): Record<string, string> {
  let raw: Record<string, unknown>;
  let where: string;
  if (value !== undefined) {
    if (!isObject(value)) {
      problems.push(`options.tracing.headers must be an object of header name to string value, got ${describe(value)}`);
      return {};
    }
    raw = value;
    where = 'options.tracing.headers';
  } else {
    const fromEnv = envTracesHeaders(env);
    for (const problem of fromEnv.problems) problems.push(problem);
    raw = fromEnv.headers;
    where = fromEnv.variable ?? 'OTEL_EXPORTER_OTLP_HEADERS';
  }
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(raw)) {
    const key = name.toLowerCase();
    if (!HEADER_KEY.test(key) || key.endsWith('-bin') || key.startsWith('grpc-')) {
      problems.push(
        `${where}: "${name}" is not a usable header name (lowercase letters, digits, '-', '_', '.'; not grpc-* or *-bin)`,
      );
    } else if (typeof v !== 'string' || !HEADER_VALUE.test(v)) {
      problems.push(`${where}: the value of "${name}" must be a string of printable ASCII`);
    } else headers[key] = v;
  }
  return headers;
}

/** The endpoint as a URL; one written without a scheme gets `scheme` (https unless insecure, for gRPC). */
function endpointUrl(problems: Problems, path: string, value: string, scheme: 'http' | 'https'): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `${scheme}://${value}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return withScheme;
  } catch {
    problems.push(`${path} must be a URL like http://collector:4317, got "${value}"`);
    return value;
  }
}

export function resolveOptions(options: ObservabilityOptions | undefined): ResolvedOptions {
  const problems: Problems = [];
  const top =
    section(problems, 'options', options ?? {}, [
      'serviceName',
      'serviceVersion',
      'metrics',
      'tracing',
      'logging',
      'exclude',
      'env',
    ]) ?? {};
  const env = (isObject(top.env) ? top.env : process.env) as Record<string, string | undefined>;
  if (top.env !== undefined && !isObject(top.env))
    problems.push(`options.env must be an object, got ${describe(top.env)}`);

  const fromEnvResource = envResourceAttributes(env);
  const serviceName =
    str(problems, 'options.serviceName', top.serviceName) ?? envServiceName(env) ?? fromEnvResource['service.name'];
  if (serviceName === undefined && top.serviceName === undefined) {
    problems.push('options.serviceName is required (or set OTEL_SERVICE_NAME)');
  }
  const serviceVersion =
    str(problems, 'options.serviceVersion', top.serviceVersion) ?? fromEnvResource['service.version'];
  const { 'service.name': _n, 'service.version': _v, ...otherResource } = fromEnvResource;

  const metrics = resolveMetrics(problems, top.metrics, env);
  const tracing = resolveTracing(problems, top.tracing, env);
  const logging = resolveLogging(problems, top.logging);
  const ex = section(problems, 'options.exclude', top.exclude, ['health', 'reflection', 'methods']) ?? {};
  const exclude = {
    health: bool(problems, 'options.exclude.health', ex.health) ?? true,
    reflection: bool(problems, 'options.exclude.reflection', ex.reflection) ?? true,
    methods: excludedMethods(problems, 'options.exclude.methods', ex.methods),
  };

  if (problems.length > 0) throw new InvalidOptionsError(problems);
  return {
    serviceName: serviceName as string,
    serviceVersion,
    resourceAttributes: { ...otherResource, ...envKubernetesAttributes(env) },
    metrics,
    tracing,
    logging,
    exclude,
  };
}

function resolveMetrics(problems: Problems, value: unknown, env: Record<string, string | undefined>): ResolvedMetrics {
  const disabled = value === false;
  const m =
    (disabled
      ? undefined
      : section(problems, 'options.metrics', value, [
          'port',
          'host',
          'registry',
          'conventions',
          'handlingTimeHistogram',
          'buckets',
          'otelBuckets',
          'exemplars',
          'runtimeMetrics',
          'maxMethods',
          'metadataLabels',
          'maxLabelValues',
          'maxLabelValueLength',
        ])) ?? {};
  let port: number | false = DEFAULT_METRICS_PORT;
  if (disabled || m.port === false) port = false;
  else port = int(problems, 'options.metrics.port', m.port, 0, 65535) ?? DEFAULT_METRICS_PORT;
  const registry = m.registry;
  if (registry !== undefined && (!isObject(registry) || typeof registry.registerMetric !== 'function')) {
    problems.push('options.metrics.registry must be a prom-client Registry');
  } else if (registry !== undefined && (registry as unknown as Registry).getSingleMetric(METRICS.buildInfo.name)) {
    // prom-client would throw its own duplicate-name error half-way through construction.
    problems.push(
      `options.metrics.registry already holds ${METRICS.buildInfo.name}: another createObservability registered into it (give each its own registry)`,
    );
  }
  const conventions: MetricConventions =
    oneOf(problems, 'options.metrics.conventions', m.conventions, ['grpc', 'otel', 'both'] as const) ??
    envRpcConventions(env) ??
    'grpc';
  const metadataLabels: [string, string][] = [];
  if (m.metadataLabels !== undefined) {
    if (!isObject(m.metadataLabels)) {
      problems.push(
        `options.metrics.metadataLabels must be an object of label name → metadata key, got ${describe(m.metadataLabels)}`,
      );
    } else {
      for (const [label, key] of Object.entries(m.metadataLabels)) {
        if (!LABEL_NAME.test(label) || label.startsWith('__') || RESERVED_LABELS.has(label)) {
          problems.push(`options.metrics.metadataLabels: "${label}" is not a usable Prometheus label name`);
        }
        if (typeof key !== 'string' || !/^[a-z0-9._-]+$/.test(key) || key.endsWith('-bin')) {
          problems.push(
            `options.metrics.metadataLabels.${label} must be a lower-case text metadata key, got ${describe(key)}`,
          );
        }
        metadataLabels.push([label, String(key)]);
      }
    }
  }
  return {
    enabled: !disabled,
    port,
    host: str(problems, 'options.metrics.host', m.host) ?? '0.0.0.0',
    registry: registry as Registry | undefined,
    grpc: conventions !== 'otel',
    otel: conventions !== 'grpc',
    handlingTimeHistogram: bool(problems, 'options.metrics.handlingTimeHistogram', m.handlingTimeHistogram) ?? true,
    buckets: buckets(problems, 'options.metrics.buckets', m.buckets) ?? DEFAULT_BUCKETS,
    otelBuckets: buckets(problems, 'options.metrics.otelBuckets', m.otelBuckets) ?? OTEL_BUCKETS,
    exemplars: bool(problems, 'options.metrics.exemplars', m.exemplars) ?? true,
    runtimeMetrics: bool(problems, 'options.metrics.runtimeMetrics', m.runtimeMetrics) ?? true,
    maxMethods: int(problems, 'options.metrics.maxMethods', m.maxMethods, 1, 100_000) ?? 1000,
    metadataLabels,
    maxLabelValues: int(problems, 'options.metrics.maxLabelValues', m.maxLabelValues, 1, 100_000) ?? 100,
    maxLabelValueLength:
      int(problems, 'options.metrics.maxLabelValueLength', m.maxLabelValueLength, 1, 4096) ??
      DEFAULT_LABEL_VALUE_LENGTH,
  };
}

function resolveTracing(
  problems: Problems,
  value: unknown,
  env: Record<string, string | undefined>,
): ResolvedTracing | false {
  if (value === false) return false;
  // The specification's switch for the whole SDK: it wins over tracing configured in code.
  if (envSdkDisabled(env)) return false;
  const envEndpoint = envTracesEndpoint(env);
  // Left out, tracing follows an application's registered TracerProvider, else the environment.
  if (value === undefined && (envTracingDisabled(env) || (envEndpoint === undefined && !tracerProviderRegistered())))
    return false;
  const t =
    section(problems, 'options.tracing', value ?? {}, [
      'endpoint',
      'protocol',
      'sampleRatio',
      'headers',
      'exporter',
      'encodedExporter',
      'provider',
      'maxQueueSize',
      'maxExportBatchSize',
      'scheduledDelayMs',
      'exportTimeoutMs',
      ...EXPORT_KEYS,
    ]) ?? {};
  let protocol = oneOf(problems, 'options.tracing.protocol', t.protocol, ['grpc', 'http/protobuf'] as const);
  if (protocol === undefined) {
    const fromEnv = envTracesProtocol(env);
    if (fromEnv.problem !== undefined) problems.push(fromEnv.problem);
    protocol = fromEnv.protocol ?? 'grpc';
  }
  const endpoint =
    str(problems, 'options.tracing.endpoint', t.endpoint) ??
    envTracesEndpoint(env, protocol) ??
    (protocol === 'grpc' ? DEFAULT_OTLP_ENDPOINT : DEFAULT_OTLP_HTTP_ENDPOINT);
  const sampleRatio = ratio(problems, 'options.tracing.sampleRatio', t.sampleRatio);
  let sampler: SamplerSetting = { ratio: 1, parentBased: true };
  if (sampleRatio !== undefined) sampler = { ratio: sampleRatio, parentBased: true };
  else {
    const fromEnv = envSampler(env);
    if (typeof fromEnv === 'string') problems.push(fromEnv);
    else if (fromEnv) sampler = fromEnv;
  }
  const exportSettings = resolveExport(problems, t, env);
  const batch = exportSettings.batch;
  const maxQueueSize =
    int(problems, 'options.tracing.maxQueueSize', t.maxQueueSize, 1, 1_000_000) ?? batch.maxQueueSize ?? 2048;
  const maxExportBatchSize =
    int(problems, 'options.tracing.maxExportBatchSize', t.maxExportBatchSize, 1, 1_000_000) ??
    batch.maxExportBatchSize ??
    Math.min(512, maxQueueSize);
  if (maxExportBatchSize > maxQueueSize) {
    problems.push(
      `options.tracing.maxExportBatchSize (${maxExportBatchSize}) must not exceed maxQueueSize (${maxQueueSize})`,
    );
  }
  return {
    endpoint: endpointUrl(
      problems,
      'options.tracing.endpoint',
      endpoint,
      protocol === 'grpc' && !exportSettings.insecure ? 'https' : 'http',
    ),
    protocol,
    sampler,
    headers: exportHeaders(problems, t.headers, env),
    ...resolveSdkInterop(problems, t, env),
    maxQueueSize,
    maxExportBatchSize,
    scheduledDelayMs:
      int(problems, 'options.tracing.scheduledDelayMs', t.scheduledDelayMs, 1, 3_600_000) ??
      batch.scheduledDelayMs ??
      1000,
    exportTimeoutMs:
      int(problems, 'options.tracing.exportTimeoutMs', t.exportTimeoutMs, 1, 3_600_000) ??
      batch.exportTimeoutMs ??
      30_000,
    timeoutMs: exportSettings.timeoutMs,
    compression: exportSettings.compression,
    tls: exportSettings.tls,
    spanLimits: exportSettings.spanLimits,
  };
}

function resolveLogging(problems: Problems, value: unknown): ResolvedLogging {
  const l =
    section(problems, 'options.logging', value, ['level', 'destination', 'redact', 'accessLog', 'elasticsearch']) ?? {};
  const destination = l.destination;
  if (destination !== undefined && (!isObject(destination) || typeof destination.write !== 'function')) {
    problems.push('options.logging.destination must be a stream with a write method');
  }
  let accessLog: ResolvedAccessLog | false = false;
  if (l.accessLog !== false) {
    const a =
      section(problems, 'options.logging.accessLog', l.accessLog, [
        'level',
        'failureLevel',
        'successSampleRatio',
        'client',
      ]) ?? {};
    accessLog = {
      level: oneOf(problems, 'options.logging.accessLog.level', a.level, LEVELS) ?? 'info',
      failureLevel: oneOf(problems, 'options.logging.accessLog.failureLevel', a.failureLevel, LEVELS) ?? 'warn',
      successSampleRatio: ratio(problems, 'options.logging.accessLog.successSampleRatio', a.successSampleRatio) ?? 1,
      client: bool(problems, 'options.logging.accessLog.client', a.client) ?? false,
    };
  }
  let elasticsearch: ResolvedLogging['elasticsearch'];
  const es = section(problems, 'options.logging.elasticsearch', l.elasticsearch, [
    'node',
    'index',
    'maxBufferBytes',
    'flushIntervalMs',
  ]);
  if (es) {
    const node = str(problems, 'options.logging.elasticsearch.node', es.node);
    if (node === undefined && es.node === undefined) problems.push('options.logging.elasticsearch.node is required');
    if (loadPinoElasticsearch() === undefined) {
      problems.push(
        'options.logging.elasticsearch needs the pino-elasticsearch package: npm install pino-elasticsearch',
      );
    }
    elasticsearch = {
      node: node ?? '',
      index: str(problems, 'options.logging.elasticsearch.index', es.index) ?? 'logs-kansoku-default',
      maxBufferBytes:
        int(problems, 'options.logging.elasticsearch.maxBufferBytes', es.maxBufferBytes, 1024, 1 << 30) ??
        8 * 1024 * 1024,
      flushIntervalMs:
        int(problems, 'options.logging.elasticsearch.flushIntervalMs', es.flushIntervalMs, 1, 3_600_000) ?? 1000,
    };
  }
  return {
    level: oneOf(problems, 'options.logging.level', l.level, [...LEVELS, 'silent'] as const) ?? 'info',
    destination: destination as DestinationStream | undefined,
    redact: redactPaths(problems, 'options.logging.redact', l.redact) ?? [],
    accessLog,
    elasticsearch,
  };
}

// --- the OTLP exporter, the batch processor's environment and span limits ---

const EXPORT_KEYS = ['timeoutMs', 'compression', 'tls', 'insecure', 'spanLimits'] as const;
const SPAN_LIMIT_KEYS = [
  'attributeValueLength',
  'attributes',
  'events',
  'links',
  'attributesPerEvent',
  'attributesPerLink',
] as const;

interface ResolvedExport {
  timeoutMs: number;
  compression: 'gzip' | 'none';
  tls: OtlpTls | undefined;
  insecure: boolean;
  spanLimits: SpanLimits;
  /** OTEL_BSP_* values, for the options left out. */
  batch: Omit<ReturnType<typeof envBatch>, 'problems'>;
}

/** PEM text as an option: a string or Buffer holding "-----BEGIN"; a file path is named as the likely mistake. */
function pem(problems: Problems, path: string, value: unknown): string | Buffer | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('latin1') : undefined;
  if (text === undefined || !text.includes('-----BEGIN')) {
    const looksLikePath = typeof value === 'string' && !value.includes('\n') && value.length < 4096;
    problems.push(
      `${path} must be PEM text (-----BEGIN …), as a string or Buffer${looksLikePath ? ": it looks like a file name; pass the file's contents" : ''}`,
    );
    return undefined;
  }
  return value as string | Buffer;
}

function resolveExport(problems: Problems, t: Obj, env: Record<string, string | undefined>): ResolvedExport {
  const fromEnv = envExport(env);
  const batchEnv = envBatch(env);
  const limitsEnv = envSpanLimits(env);
  problems.push(...fromEnv.problems, ...batchEnv.problems, ...limitsEnv.problems);
  const { problems: _b, ...batch } = batchEnv;

  let tls: OtlpTls | undefined;
  const tlsOption = section(problems, 'options.tracing.tls', t.tls, ['ca', 'cert', 'key']);
  if (tlsOption !== undefined) {
    tls = {};
    const ca = pem(problems, 'options.tracing.tls.ca', tlsOption.ca);
    const cert = pem(problems, 'options.tracing.tls.cert', tlsOption.cert);
    const key = pem(problems, 'options.tracing.tls.key', tlsOption.key);
    if (ca !== undefined) tls.ca = ca;
    if (cert !== undefined) tls.cert = cert;
    if (key !== undefined) tls.key = key;
    if ((tlsOption.cert === undefined) !== (tlsOption.key === undefined)) {
      problems.push('options.tracing.tls.cert and options.tracing.tls.key must be given together');
    }
  } else if (Object.keys(fromEnv.tls).length > 0) tls = fromEnv.tls;

  const l = section(problems, 'options.tracing.spanLimits', t.spanLimits, SPAN_LIMIT_KEYS) ?? {};
  const spanLimits: SpanLimits = { ...DEFAULT_SPAN_LIMITS };
  for (const key of SPAN_LIMIT_KEYS) {
    const value = int(problems, `options.tracing.spanLimits.${key}`, l[key], 0, 1_000_000_000) ?? limitsEnv[key];
    if (value !== undefined) spanLimits[key] = value;
  }

  return {
    timeoutMs: int(problems, 'options.tracing.timeoutMs', t.timeoutMs, 1, 3_600_000) ?? fromEnv.timeoutMs ?? 10_000,
    compression:
      oneOf(problems, 'options.tracing.compression', t.compression, ['gzip', 'none'] as const) ??
      fromEnv.compression ??
      'none',
    tls,
    insecure: bool(problems, 'options.tracing.insecure', t.insecure) ?? fromEnv.insecure ?? false,
    spanLimits,
    batch,
  };
}
