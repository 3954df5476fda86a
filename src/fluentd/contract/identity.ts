// parse.conf: event.id and the event time, from the raw line.
// elasticsearch_genid (fluent-plugin-elasticsearch 6.0.0, filter_elasticsearch_genid.rb)
// with use_record_as_seed, include_tag_in_seed, record_keys time,stream,message,unmatched_line,
// separator "|" and sha256: seed = tag + "|" + the four values joined by "|" (a missing
// one is ""), id = Base64.strict_encode64(SHA256.digest(seed)). Then record_transformer
// keeps the runtime's time under _kansoku_time and drops the line's own bookkeeping keys.
import { createHash } from 'node:crypto';
import type { FluentEvent, FluentRecord } from './event.js';

const SEED_KEYS = ['time', 'stream', 'message', 'unmatched_line'] as const;
const DROPPED = ['time', 'logtag', 'docker_newline', 'unmatched_line'];

export function eventIdSeed(tag: string, record: FluentRecord): string {
  return `${tag}|${SEED_KEYS.map((k) => (record[k] === undefined || record[k] === null ? '' : String(record[k]))).join('|')}`;
}

export function eventId(tag: string, record: FluentRecord): string {
  return createHash('sha256').update(eventIdSeed(tag, record), 'utf8').digest('base64');
}

export function identify(events: FluentEvent[]): FluentEvent[] {
  return events.map(({ tag, record }) => {
    const out: FluentRecord = { ...record, _kansoku_event_id: eventId(tag, record) };
    out._kansoku_time = record.time ?? null;
    out.message = 'message' in record ? record.message : record.unmatched_line;
    for (const key of DROPPED) delete out[key];
    return { tag, record: out };
  });
}
