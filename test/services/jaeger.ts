// A real Jaeger v2 (built by install.sh) with in-memory storage: OTLP receivers (gRPC and
// HTTP) for the code under test and the HTTP query API for the test to read spans back.
// The configuration is trimmed to those, so it opens five loopback ports in all instead
// of the dozen the all-in-one default opens on fixed numbers. With `tls`, both OTLP receivers
// speak TLS with the given certificate (and require a client certificate signed by
// `clientCaFile` when it is given); restart() stops it and starts it again on the same ports,
// for tests of what an exporter does while its collector is away (storage is in memory, so
// the restarted Jaeger holds only what reached it after the restart).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { binary } from './paths.js';
import { freePort } from './ports.js';
import { httpOk, launch, type ServiceProcess, startWithPortRetry } from './process.js';

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  tags: { key: string; type: string; value: unknown }[];
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

export interface JaegerService {
  /** host:port of the OTLP/gRPC receiver. */
  otlpGrpcEndpoint: string;
  /** URL of the OTLP/HTTP receiver's trace path (POST protobuf here). */
  otlpHttpTracesUrl: string;
  /** Base URL of the query HTTP API (/api/traces/{id}, /api/services). */
  queryUrl: string;
  /** The running process (a new one after restart()). */
  readonly process: ServiceProcess;
  /**
   * Stops Jaeger (losing what it stored) and starts it again on the same ports; `whileDown`
   * runs after the old process has exited and before the new one starts.
   */
  restart(whileDown?: () => void | Promise<void>): Promise<void>;
  /** Polls until the trace has at least `minSpans` spans (the receiver batches writes). */
  waitForTrace(traceId: string, minSpans?: number, deadlineMs?: number): Promise<JaegerTrace>;
  /** Services that have reported spans. */
  services(): Promise<string[]>;
  stop(): Promise<void>;
}

/** TLS for the OTLP receivers: PEM files (Jaeger v2 is the OpenTelemetry Collector's configtls). */
export interface JaegerTls {
  certFile: string;
  keyFile: string;
  /** When given, clients must present a certificate signed by this CA. */
  clientCaFile?: string;
}

export interface JaegerOptions {
  tls?: JaegerTls;
}

export function startJaeger(options: JaegerOptions = {}): Promise<JaegerService> {
  return startWithPortRetry('jaeger', () => startOnce(options));
}

interface JaegerPorts {
  otlpPort: number;
  otlpHttpPort: number;
  queryHttpPort: number;
  queryGrpcPort: number;
}

function receiverTls(tls: JaegerTls | undefined): Record<string, unknown> {
  if (tls === undefined) return {};
  return {
    tls: {
      cert_file: tls.certFile,
      key_file: tls.keyFile,
      ...(tls.clientCaFile ? { client_ca_file: tls.clientCaFile } : {}),
    },
  };
}

async function launchJaeger(ports: JaegerPorts, options: JaegerOptions): Promise<ServiceProcess> {
  const { otlpPort, otlpHttpPort, queryHttpPort, queryGrpcPort } = ports;
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-jaeger-'));
  const config = {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query'],
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] },
      },
      // No self-metrics endpoint: it would bind :8888.
      telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
    },
    extensions: {
      jaeger_query: {
        storage: { traces: 'memstore' },
        http: { endpoint: `127.0.0.1:${queryHttpPort}` },
        grpc: { endpoint: `127.0.0.1:${queryGrpcPort}` },
      },
      jaeger_storage: { backends: { memstore: { memory: { max_traces: 100_000 } } } },
    },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `127.0.0.1:${otlpPort}`, ...receiverTls(options.tls) },
          http: { endpoint: `127.0.0.1:${otlpHttpPort}`, ...receiverTls(options.tls) },
        },
      },
    },
    processors: { batch: { timeout: '200ms' } },
    exporters: { jaeger_storage_exporter: { trace_storage: 'memstore' } },
  };
  const configFile = join(dir, 'jaeger.yaml');
  await writeFile(configFile, stringify(config));
  const queryUrl = `http://127.0.0.1:${queryHttpPort}`;
  return launch(
    { name: 'jaeger', command: binary('jaeger'), args: [`--config=${configFile}`], dataDirs: [dir] },
    () => httpOk(`${queryUrl}/api/services`),
    60_000,
  );
}

async function startOnce(options: JaegerOptions): Promise<JaegerService> {
  const ports: JaegerPorts = {
    otlpPort: await freePort(),
    otlpHttpPort: await freePort(),
    queryHttpPort: await freePort(),
    queryGrpcPort: await freePort(),
  };
  const { otlpPort, otlpHttpPort, queryHttpPort } = ports;
  const queryUrl = `http://127.0.0.1:${queryHttpPort}`;
  let process = await launchJaeger(ports, options);

  async function getTrace(traceId: string): Promise<JaegerTrace | undefined> {
    const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`jaeger GET /api/traces/${traceId}: ${response.status}`);
    const body = (await response.json()) as { data: JaegerTrace[] };
    return body.data[0];
  }

  const scheme = options.tls ? 'https' : 'http';
  return {
    otlpGrpcEndpoint: `127.0.0.1:${otlpPort}`,
    otlpHttpTracesUrl: `${scheme}://127.0.0.1:${otlpHttpPort}/v1/traces`,
    queryUrl,
    get process() {
      return process;
    },
    async restart(whileDown) {
      await process.stop();
      await whileDown?.();
      process = await launchJaeger(ports, options);
    },
    async waitForTrace(traceId, minSpans = 1, deadlineMs = 30_000) {
      let found: JaegerTrace | undefined;
      await process.waitUntilReady(async () => {
        found = await getTrace(traceId);
        return (found?.spans.length ?? 0) >= minSpans;
      }, deadlineMs);
      return found as JaegerTrace;
    },
    async services() {
      const response = await fetch(`${queryUrl}/api/services`);
      const body = (await response.json()) as { data: string[] | null };
      return body.data ?? [];
    },
    stop: () => process.stop(),
  };
}

/** A trace as Jaeger's api/v3 returns it: OTLP JSON (ids in hex, 64-bit integers as strings). */
export interface OtlpJsonTrace {
  resourceSpans: {
    resource?: { attributes?: OtlpJsonKeyValue[] };
    scopeSpans?: { scope?: { name?: string; version?: string }; spans?: OtlpJsonSpan[] }[];
  }[];
}

export interface OtlpJsonKeyValue {
  key: string;
  value: Record<string, unknown>;
}

export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  flags?: number;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpJsonKeyValue[];
  droppedAttributesCount?: number;
  events?: { timeUnixNano: string; name: string; attributes?: OtlpJsonKeyValue[]; droppedAttributesCount?: number }[];
  droppedEventsCount?: number;
  links?: {
    traceId: string;
    spanId: string;
    traceState?: string;
    attributes?: OtlpJsonKeyValue[];
    droppedAttributesCount?: number;
    flags?: number;
  }[];
  droppedLinksCount?: number;
  status?: { message?: string; code?: number };
}

/**
 * Polls Jaeger's api/v3 (GET /api/v3/traces/{id}, OTLP JSON) until the trace has at least
 * `minSpans` spans. Unlike /api/traces it keeps everything OTLP carries (events, links, dropped
 * counts, flags, typed attribute values), and it answers for traces that /api/traces fails
 * to render (Jaeger 2's v1 JSON cannot marshal a ±Infinity attribute).
 */
export async function waitForOtlpTrace(
  jaeger: JaegerService,
  traceId: string,
  minSpans = 1,
  deadlineMs = 30_000,
): Promise<OtlpJsonTrace> {
  let found: OtlpJsonTrace = { resourceSpans: [] };
  await jaeger.process.waitUntilReady(async () => {
    const response = await fetch(`${jaeger.queryUrl}/api/v3/traces/${traceId}`);
    if (response.status === 404) return false;
    if (!response.ok) throw new Error(`jaeger GET /api/v3/traces/${traceId}: ${response.status}`);
    // The endpoint streams: one {"result": TracesData} per chunk, newline-separated when there are several.
    const chunks = (await response.text()).split('\n').filter((line) => line.trim());
    found = {
      resourceSpans: chunks.flatMap((line) => (JSON.parse(line) as { result: OtlpJsonTrace }).result.resourceSpans),
    };
    const spans = found.resourceSpans.flatMap((rs) => rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? []);
    return spans.length >= minSpans;
  }, deadlineMs);
  return found;
}
