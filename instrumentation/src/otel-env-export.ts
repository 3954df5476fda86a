// The OpenTelemetry variables of the export path: the OTLP exporter's timeout, compression,
// TLS files and insecure switch (OTEL_EXPORTER_OTLP_TRACES_* before OTEL_EXPORTER_OTLP_*),
// the batch span processor (OTEL_BSP_*), span limits, and OTEL_SDK_DISABLED. Each reader
// returns the values it found and a problem per bad one, naming the variable and what it
// accepts, so resolve-options.ts lists them with every other problem.
// https://opentelemetry.io/docs/specs/otel/protocol/exporter/
// https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/
import { readFileSync } from 'node:fs';
import type { SpanLimitOptions } from './options.js';

type Env = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The signal-specific variable when set, else the general one. */
function exporterVariable(env: Env, suffix: string): { name: string; value: string } | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_TRACES_${suffix}`, `OTEL_EXPORTER_OTLP_${suffix}`]) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

function integer(name: string, value: string, min: number, max: number, problems: string[]): number | undefined {
  const n = Number(value);
  if (/^\d+$/.test(value) && n >= min && n <= max) return n;
  problems.push(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return undefined;
}

function boolean(name: string, value: string, problems: string[]): boolean | undefined {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  problems.push(`${name} must be true or false, got "${value}"`);
  return undefined;
}

export interface EnvExport {
  timeoutMs?: number;
  compression?: 'gzip' | 'none';
  insecure?: boolean;
  /** PEM contents read from the files the variables name. */
  tls: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  problems: string[];
}

/** OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT, _COMPRESSION, _INSECURE, _CERTIFICATE, _CLIENT_CERTIFICATE, _CLIENT_KEY. */
export function envExport(env: Env): EnvExport {
  const problems: string[] = [];
  const out: EnvExport = { tls: {}, problems };
  const timeout = exporterVariable(env, 'TIMEOUT');
  if (timeout) out.timeoutMs = integer(timeout.name, timeout.value, 1, 3_600_000, problems);
  const compression = exporterVariable(env, 'COMPRESSION');
  if (compression) {
    if (compression.value === 'gzip' || compression.value === 'none') out.compression = compression.value;
    else problems.push(`${compression.name} must be gzip or none, got "${compression.value}"`);
  }
  const insecure = exporterVariable(env, 'INSECURE');
  if (insecure) out.insecure = boolean(insecure.name, insecure.value, problems);
  const files = [
    ['CERTIFICATE', 'ca'],
    ['CLIENT_CERTIFICATE', 'cert'],
    ['CLIENT_KEY', 'key'],
  ] as const;
  for (const [suffix, field] of files) {
    const file = exporterVariable(env, suffix);
    if (file === undefined) continue;
    try {
      out.tls[field] = readFileSync(file.value);
    } catch (err) {
      problems.push(`${file.name}: cannot read "${file.value}" (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  }
  if ((out.tls.cert === undefined) !== (out.tls.key === undefined) && problems.length === 0) {
    problems.push(
      'OTEL_EXPORTER_OTLP_(TRACES_)CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_(TRACES_)CLIENT_KEY must be set together',
    );
  }
  return out;
}

export interface EnvBatch {
  scheduledDelayMs?: number;
  exportTimeoutMs?: number;
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  problems: string[];
}

/** OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_EXPORT_TIMEOUT, OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BSP_MAX_EXPORT_BATCH_SIZE. */
export function envBatch(env: Env): EnvBatch {
  const problems: string[] = [];
  const read = (name: string, min: number, max: number) => {
    const value = nonEmpty(env[name]);
    return value === undefined ? undefined : integer(name, value, min, max, problems);
  };
  return {
    scheduledDelayMs: read('OTEL_BSP_SCHEDULE_DELAY', 1, 3_600_000),
    exportTimeoutMs: read('OTEL_BSP_EXPORT_TIMEOUT', 1, 3_600_000),
    maxQueueSize: read('OTEL_BSP_MAX_QUEUE_SIZE', 1, 1_000_000),
    maxExportBatchSize: read('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1, 1_000_000),
    problems,
  };
}

export type EnvSpanLimits = SpanLimitOptions & { problems: string[] };

/**
 * The span limits: OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT before OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT,
 * OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT before OTEL_ATTRIBUTE_COUNT_LIMIT, and the event and link limits.
 */
export function envSpanLimits(env: Env): EnvSpanLimits {
  const problems: string[] = [];
  const read = (...names: string[]) => {
    for (const name of names) {
      const value = nonEmpty(env[name]);
      if (value !== undefined) return integer(name, value, 0, 1_000_000_000, problems);
    }
    return undefined;
  };
  return {
    attributeValueLength: read('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'),
    attributes: read('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'),
    events: read('OTEL_SPAN_EVENT_COUNT_LIMIT'),
    links: read('OTEL_SPAN_LINK_COUNT_LIMIT'),
    attributesPerEvent: read('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT'),
    attributesPerLink: read('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT'),
    problems,
  };
}

/** OTEL_SDK_DISABLED=true (any case): tracing stays off even when configured in code. */
export function envSdkDisabled(env: Env): boolean {
  return nonEmpty(env.OTEL_SDK_DISABLED)?.toLowerCase() === 'true';
}
