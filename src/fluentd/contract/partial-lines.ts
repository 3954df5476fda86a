// concat.conf: lines the runtime split, joined again, per tag and stream.
// - CRI (fluent-plugin-concat 2.6.2, partial_cri mode): pieces are buffered until a logtag
//   starting with F; the joined record is the F piece's record merged with the first
//   piece's record and the joined message; logtag (and, through partial_cri_stream_key,
//   nothing else) is removed.
// - Docker: the parser filter splits "log" into message and docker_newline; in partial mode
//   pieces with docker_newline "" are buffered until one that is not, which is removed.
//   buffer_limit_size with buffer_overflow_method new: a piece that would take what one
//   stream holds (concat's record_bytesize: every key's and value's bytes) past the limit
//   first sends what is held as a record of its own and starts again with itself. (A single
//   piece over the limit makes concat raise, which sends it to @ERROR; Docker's pieces are
//   16 KiB, far under the limit, so that is not modelled.)
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

/** concat.conf's buffer_limit_size for Docker pieces (KANSOKU_CONCAT_BUFFER_LIMIT, 1m). */
export const DEFAULT_CONCAT_BUFFER_LIMIT = 1024 * 1024;

function recordBytes(record: FluentRecord): number {
  let n = 0;
  for (const [key, value] of Object.entries(record)) n += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  return n;
}

export function joinPartialLines(
  events: FluentEvent[],
  dockerBufferLimit = DEFAULT_CONCAT_BUFFER_LIMIT,
): FluentEvent[] {
  const out: FluentEvent[] = [];
  const cri: Buffers = new Map();
  const dockerBuffers: Buffers = new Map();
  const dockerBytes = new Map<string, number>();
  const flushDocker = (key: string, pieces: FluentEvent[], last: FluentRecord) => {
    dockerBuffers.set(key, []);
    dockerBytes.set(key, 0);
    const merged: FluentRecord = { ...last, ...joined(pieces) };
    delete merged.docker_newline;
    out.push({ tag: (pieces[0] as FluentEvent).tag, record: merged });
  };
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
    const size = recordBytes(record);
    const held = dockerBuffers.get(key) ?? [];
    if (held.length > 0 && (dockerBytes.get(key) ?? 0) + size > dockerBufferLimit) flushDocker(key, held, record);
    const pieces = [...(dockerBuffers.get(key) ?? []), { ...event, record }];
    dockerBytes.set(key, (dockerBytes.get(key) ?? 0) + size);
    if (record.docker_newline === '') {
      dockerBuffers.set(key, pieces);
      continue;
    }
    flushDocker(key, pieces, record);
  }
  for (const buffers of [cri, dockerBuffers])
    for (const pieces of buffers.values())
      if (pieces.length > 0) out.push({ tag: (pieces[0] as FluentEvent).tag, record: joined(pieces) });
  return out;
}
