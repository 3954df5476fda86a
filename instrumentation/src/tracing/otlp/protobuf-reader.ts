// A bounds-checked reader of protobuf wire format, for the few small messages the exporter
// reads (a collector's ExportTraceServiceResponse, a google.rpc.Status in
// grpc-status-details-bin). Bytes that are not a valid message throw an Error naming what
// was being read, never a RangeError from reading past the end.

const TWO_32 = 4294967296;

export class ProtobufReader {
  pos: number;

  constructor(
    readonly bytes: Buffer,
    start: number,
    readonly end: number,
    /** The message being read, for errors: "OTLP ExportTraceServiceResponse". */
    readonly message: string,
  ) {
    this.pos = start;
  }

  /** An Error saying the message is malformed and how. */
  malformed(what: string): Error {
    return new Error(`malformed ${this.message}: ${what}`);
  }

  /** The next field's number and wire type; field number 0 is malformed. */
  key(): [field: number, wireType: number] {
    const key = this.varint();
    const field = Math.floor(key / 8);
    if (field === 0) throw this.malformed('field number 0');
    return [field, key % 8];
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a number: exact up to 2^53; a negative int64 comes back as a large positive. */
  varint(): number {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw this.malformed('a varint runs past the end');
      const b = this.bytes[this.pos++] as number;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi = (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) return (hi >>> 0) * TWO_32 + (lo >>> 0);
    }
    throw this.malformed('a varint is longer than 10 bytes');
  }

  /** The bounds of a length-delimited field's content, and moves past it. */
  delimited(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    if (length > this.end - start) throw this.malformed('a length-delimited field runs past the end');
    this.pos = start + length;
    return [start, this.pos];
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.delimited();
    else if (wireType === 5) this.advance(4);
    else throw this.malformed(`unsupported wire type ${wireType}`);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw this.malformed('a fixed-size field runs past the end');
    this.pos += n;
  }
}
