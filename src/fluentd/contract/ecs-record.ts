// record.conf: the size limit, JSON-or-text, and the ECS fields.
// 1. record_transformer: a message over KANSOKU_MAX_MESSAGE_BYTES is cut (byteslice, then
//    scrub("") drops a split character), _kansoku_truncated is 1 or 0, _kansoku_format
//    "text" until the parser says otherwise.
// 2. filter parser with multi_format (format_key _kansoku_format): a message starting with
//    optional whitespace and "[" stays text; a JSON object becomes the record's fields
//    (message removed, then merged: reserve_data); anything else is {message} as text.
//    (A counter by _kansoku_format sits between 2 and 3: not modelled, it changes no record.)
// 3. record_transformer builds one JSON object of @timestamp, event.id, and when they apply
//    log.level (from "level": pino's numbers as names, a string lowercased), message (from
//    pino's "msg" when there is none) and error.stack_trace (a multi-line text
//    message); 4. a parser filter merges it.
import type { FluentEvent, FluentRecord } from './event.js';

export const DEFAULT_MAX_MESSAGE_BYTES = 1048576;

const PINO_LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function cut(message: unknown, maxBytes: number): { message: unknown; truncated: 0 | 1 } {
  if (typeof message !== 'string') return { message, truncated: 0 };
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.length <= maxBytes) return { message, truncated: 0 };
  // byteslice then scrub(""): a character cut in half is dropped.
  return {
    message: new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, maxBytes)).replace(/\uFFFD+$/, ''),
    truncated: 1,
  };
}

function parseMessage(message: string): FluentRecord {
  if (/^[ \t\r\n\f\v]*\[/.test(message)) return { message, _kansoku_format: 'text' };
  try {
    const parsed = JSON.parse(message) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return { ...(parsed as FluentRecord), _kansoku_format: 'json' };
  } catch {
    // not JSON: text
  }
  return { message, _kansoku_format: 'text' };
}

export interface EcsOptions {
  maxMessageBytes: number;
  /** The event time Fluentd would use for a line without a runtime timestamp (an unmatched line). */
  now: string;
}

export function toEcsRecords(events: FluentEvent[], options: EcsOptions): FluentEvent[] {
  return events.map(({ tag, record }) => {
    const { message, truncated } = cut(record.message, options.maxMessageBytes);
    let r: FluentRecord = { ...record, message, _kansoku_truncated: truncated, _kansoku_format: 'text' };
    if (typeof message === 'string') {
      const { message: _removed, ...rest } = r;
      r = { ...rest, ...parseMessage(message) };
    }
    const ecs: FluentRecord = {
      '@timestamp': r._kansoku_time ?? options.now,
      'event.id': r._kansoku_event_id,
    };
    const level = r.level;
    if (!('log.level' in r) && Number.isInteger(level))
      ecs['log.level'] = PINO_LEVELS[level as number] ?? String(level);
    else if (!('log.level' in r) && typeof level === 'string') ecs['log.level'] = level.toLowerCase();
    if (!('message' in r) && typeof r.msg === 'string') ecs.message = r.msg;
    const m = r.message;
    if (r._kansoku_format === 'text' && !('error.stack_trace' in r) && typeof m === 'string' && m.includes('\n'))
      ecs['error.stack_trace'] = m;
    for (const key of ['_kansoku_time', '_kansoku_event_id', '_kansoku_truncated', '_kansoku_format']) delete r[key];
    return { tag, record: { ...r, ...ecs } };
  });
}
