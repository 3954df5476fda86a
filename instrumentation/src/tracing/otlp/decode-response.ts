// Reads the collector's ExportTraceServiceResponse: the only thing in it is an optional
// partial_success (field 1) { int64 rejected_spans = 1; string error_message = 2; }. Unknown
// fields are skipped, an empty response means everything was accepted, and bytes that are not
// a valid message give an Error saying so (never a RangeError from reading past the end).
import type { ExportOutcome } from '../finished-span.js';

const TWO_32 = 4294967296;

class Reader {
  pos: number;

  constructor(
    readonly bytes: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a number: exact up to 2^53; a negative int64 comes back as a large positive. */
  varint(): number {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw malformed('a varint runs past the end');
      const b = this.bytes[this.pos++] as number;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi = (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) return (hi >>> 0) * TWO_32 + (lo >>> 0);
    }
    throw malformed('a varint is longer than 10 bytes');
  }

  /** The bounds of a length-delimited field's content, and moves past it. */
  delimited(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    if (length > this.end - start) throw malformed('a length-delimited field runs past the end');
    this.pos = start + length;
    return [start, this.pos];
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.delimited();
    else if (wireType === 5) this.advance(4);
    else throw malformed(`unsupported wire type ${wireType}`);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw malformed('a fixed-size field runs past the end');
    this.pos += n;
  }
}

function malformed(what: string): Error {
  return new Error(`malformed OTLP ExportTraceServiceResponse: ${what}`);
}

export function decodeExportResponse(data: Uint8Array): ExportOutcome {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const response = new Reader(bytes, 0, bytes.length);
  let rejectedSpans = 0;
  let message: string | undefined;
  while (!response.done()) {
    const key = response.varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 0) throw malformed('field number 0');
    if (field !== 1 || wireType !== 2) {
      response.skip(wireType);
      continue;
    }
    // partial_success: when it occurs more than once, protobuf merges the occurrences.
    const [start, end] = response.delimited();
    const partial = new Reader(bytes, start, end);
    while (!partial.done()) {
      const partialKey = partial.varint();
      const partialField = Math.floor(partialKey / 8);
      const partialWire = partialKey % 8;
      if (partialField === 0) throw malformed('field number 0 in partial_success');
      if (partialField === 1 && partialWire === 0) {
        rejectedSpans = partial.varint();
      } else if (partialField === 2 && partialWire === 2) {
        const [from, to] = partial.delimited();
        message = bytes.toString('utf8', from, to);
      } else partial.skip(partialWire);
    }
  }
  return { rejectedSpans, message: message || undefined };
}
