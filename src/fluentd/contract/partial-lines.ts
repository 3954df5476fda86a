// concat.conf: lines the runtime split, joined again, per tag and stream.
// - CRI (fluent-plugin-concat 2.6.2, partial_cri mode): pieces are buffered until a logtag
//   starting with F; the joined record is the F piece's record merged with the first
//   piece's record and the joined message; logtag (and, through partial_cri_stream_key,
//   nothing else) is removed.
// - Docker: the parser filter splits "log" into message and docker_newline; in partial mode
//   pieces with docker_newline "" are buffered until one that is not, which is removed.
// A buffer still open at the end of the input is flushed as concat's timeout does: the
// first piece's record with the joined message, all keys kept (the next stage removes them).
import type { FluentEvent, FluentRecord } from './event.js';

type Buffers = Map<string, FluentEvent[]>;

function joined(pieces: FluentEvent[]): FluentRecord {
  const first = pieces[0] as FluentEvent;
  return { ...first.record, message: pieces.map((p) => p.record.message).join('') };
}

function docker(record: FluentRecord): FluentRecord {
  if (!('log' in record)) return record;
  const { log, ...rest } = record;
  const m = /^([\s\S]*?)(\n?)$/.exec(String(log)) as RegExpExecArray;
  return { ...rest, message: m[1], docker_newline: m[2] };
}

export function joinPartialLines(events: FluentEvent[]): FluentEvent[] {
  const out: FluentEvent[] = [];
  const cri: Buffers = new Map();
  const dockerBuffers: Buffers = new Map();
  for (const event of events) {
    let record = event.record;
    const key = `${event.tag}:${String(record.stream)}`;
    if ('message' in record) {
      const pieces = [...(cri.get(key) ?? []), { ...event, record }];
      if (String(record.logtag).split(':')[0] !== 'F') {
        cri.set(key, pieces);
        continue;
      }
      cri.set(key, []);
      const merged: FluentRecord = { ...record, ...joined(pieces) };
      delete merged.logtag;
      out.push({ tag: event.tag, record: merged });
      continue;
    }
    record = docker(record);
    if (!('docker_newline' in record)) {
      out.push({ tag: event.tag, record });
      continue;
    }
    const pieces = [...(dockerBuffers.get(key) ?? []), { ...event, record }];
    if (record.docker_newline === '') {
      dockerBuffers.set(key, pieces);
      continue;
    }
    dockerBuffers.set(key, []);
    const merged: FluentRecord = { ...record, ...joined(pieces) };
    delete merged.docker_newline;
    out.push({ tag: event.tag, record: merged });
  }
  for (const buffers of [cri, dockerBuffers])
    for (const pieces of buffers.values())
      if (pieces.length > 0) out.push({ tag: (pieces[0] as FluentEvent).tag, record: joined(pieces) });
  return out;
}
