// One log record as the forwarder sees it: the ECS-aligned fields of the log pipeline
// (docs/log-fields.md, Fluentd's kubernetes metadata), read from flat dotted keys
// (`"service.name"`) or nested objects alike, since both reach Elasticsearch the same way.
import { createHash } from 'node:crypto';
import { exceptionType } from './exception-type.js';

export interface LogRecord {
  /** event.id, set by Fluentd; a stable hash of the record when it is missing. */
  id: string;
  /** @timestamp in epoch milliseconds. */
  timestamp: number;
  level: string;
  /** Numeric severity: 10 trace … 60 fatal (pino's scale). */
  severity: number;
  message: string;
  service: string;
  namespace: string;
  pod: string;
  container: string;
  errorType: string;
  errorMessage: string;
  stackTrace: string;
  traceId: string;
}

const LEVELS: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  notice: 30,
  warn: 40,
  warning: 40,
  error: 50,
  err: 50,
  fatal: 60,
  critical: 60,
  crit: 60,
  alert: 60,
  emergency: 60,
  panic: 60,
};

export function severityOf(level: string): number {
  return LEVELS[level.toLowerCase()] ?? 0;
}

/** A field by its dotted ECS name, whether the record holds it flat or nested. */
export function field(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const dot = name.indexOf('.');
  let at = dot;
  while (at > 0) {
    const head = record[name.slice(0, at)];
    if (head !== null && typeof head === 'object' && !Array.isArray(head)) {
      const found = field(head as Record<string, unknown>, name.slice(at + 1));
      if (found !== undefined) return found;
    }
    at = name.indexOf('.', at + 1);
  }
  return undefined;
}

function text(record: Record<string, unknown>, ...names: string[]): string {
  for (const name of names) {
    const value = field(record, name);
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return '';
}

function levelOf(record: Record<string, unknown>): { level: string; severity: number } {
  const value = field(record, 'log.level') ?? field(record, 'level') ?? field(record, 'severity');
  if (typeof value === 'number') {
    // pino's numbers: 10 trace … 60 fatal; anything above 60 is still fatal.
    const severity = Math.min(60, Math.floor(value / 10) * 10);
    return { level: String(value), severity };
  }
  const level = typeof value === 'string' ? value : '';
  return { level, severity: severityOf(level) };
}

/** A record's stable id when the pipeline did not set event.id: the hash of its JSON. */
function contentId(raw: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(raw)).digest('hex').slice(0, 40)}`;
}

export type RecordResult = { record: LogRecord } | { problem: string };

/** Reads one raw record; a problem (what is wrong) instead when it cannot be used. */
export function toRecord(raw: unknown): RecordResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { problem: 'a record must be a JSON object' };
  const r = raw as Record<string, unknown>;
  const stamp = field(r, '@timestamp') ?? field(r, 'time') ?? field(r, 'timestamp');
  const timestamp = typeof stamp === 'number' ? stamp : typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
  if (!Number.isFinite(timestamp)) return { problem: '@timestamp is missing or not a date' };
  const message = text(r, 'message', 'msg', 'log');
  const errorMessage = text(r, 'error.message');
  if (message === '' && errorMessage === '') return { problem: 'neither message nor error.message is set' };
  const { level, severity } = levelOf(r);
  const idValue = field(r, 'event.id');
  const stackTrace = text(r, 'error.stack_trace', 'error.stack');
  return {
    record: {
      id: typeof idValue === 'string' && idValue !== '' ? idValue : contentId(r),
      timestamp,
      level,
      severity,
      message,
      service:
        text(
          r,
          'service.name',
          'kubernetes.labels.app.kubernetes.io/name',
          // Fluentd's kubernetes_metadata filter de-dots label names (de_dot, on by default).
          'kubernetes.labels.app_kubernetes_io/name',
          'kubernetes.labels.app',
          'kubernetes.container_name',
        ) || 'unknown',
      namespace: text(r, 'kubernetes.namespace_name', 'kubernetes.namespace'),
      pod: text(r, 'kubernetes.pod_name', 'kubernetes.pod.name', 'host.hostname'),
      container: text(r, 'kubernetes.container_name', 'container.name'),
      // A plain-text trace the pipeline joined into one record names its type itself.
      errorType: text(r, 'error.type', 'error.kind') || exceptionType(stackTrace),
      errorMessage,
      stackTrace,
      traceId: text(r, 'trace.id', 'traceId', 'trace_id'),
    },
  };
}
