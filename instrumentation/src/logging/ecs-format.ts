// pino settings that make every line ECS-shaped: the names come from fields.ts. An `err`
// on a line becomes error.type, error.message, error.stack_trace (and error.code) so that
// Elasticsearch and the error-alert forwarder find them where ECS puts them.
import type { LoggerOptions } from 'pino';
import { LOG_FIELDS } from './fields.js';

const F = LOG_FIELDS;

function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { [F.errorMessage.name]: String(err) };
  const type = err.constructor?.name && err.constructor.name !== 'Error' ? err.constructor.name : err.name;
  const out: Record<string, unknown> = {
    [F.errorType.name]: type,
    [F.errorMessage.name]: err.message,
    [F.errorStackTrace.name]: err.stack,
  };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined && code !== null) out[F.errorCode.name] = String(code);
  return out;
}

/** Turns `err` into the ECS error fields; a line without `err` passes untouched. */
export function ecsLogFormatter(obj: Record<string, unknown>): Record<string, unknown> {
  if (obj.err === undefined) return obj;
  const { err, ...rest } = obj;
  // Fields the caller set explicitly (e.g. error.code of a KANSOKU_ERR_…) win over the derived ones.
  return { ...errorFields(err), ...rest };
}

/**
 * pino's timestamp function: the ISO string is built once per millisecond and reused by
 * every line written in it (toISOString was the largest per-line cost beside bare pino,
 * bench/log-file). One per logger, so no state is shared between instances.
 */
export function createEcsTimestamp(): () => string {
  let lastMs = Number.NaN;
  let last = '';
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      last = `,"${F.timestamp.name}":"${new Date(now).toISOString()}"`;
    }
    return last;
  };
}

/** The ECS pino settings for one logger (its own timestamp cache). */
export function ecsPinoOptions(): Pick<LoggerOptions, 'messageKey' | 'timestamp' | 'formatters'> {
  return {
    messageKey: F.message.name,
    timestamp: createEcsTimestamp(),
    formatters: {
      level: (label) => ({ [F.level.name]: label }),
      log: ecsLogFormatter,
    },
  };
}
