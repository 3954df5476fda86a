// A minimal protobuf wire-format writer for the OTLP span encoder. It exists so that export
// costs one reusable Buffer per exporter and no per-field allocations: every field is written
// straight into `buf`, which doubles when full, and `pos` is the write position.
//
// Nested messages (length-delimited) need their byte length before their content. We reserve
// a guessed number of bytes for the length (`begin(guess)`), write the content, and then
// `end()` writes the length as a minimal varint, moving the content (copyWithin, a memmove)
// only when the guess was wrong. Callers guess per message kind (1 byte for a KeyValue, 2 for
// a span, 3 for a whole batch), so the move is rare. The alternatives were a sizing pass over
// every span (walks all attributes and measures every string twice) or a fixed non-minimal
// 5-byte length (valid protobuf and accepted by Go, but 3-4 wasted bytes per message and
// unusual on the wire); reserve-and-fix keeps the encoding minimal at almost no cost.
//
// Strings: at most 3 UTF-8 bytes per UTF-16 unit, so a string under 43 units has a one-byte
// length and is encoded in one JS pass with the length back-patched; longer ones are measured
// with Buffer.byteLength and written by Buffer#write (native, faster for long text).

const TWO_32 = 4294967296;

/** Hex digit value per char code; 0 for anything that is not a hex digit (ids are ours). */
const HEX = new Uint8Array(128);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i;
  HEX[97 + i] = 10 + i;
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** How many bytes the varint of a non-negative integer below 2^53 takes. */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  let size = 5;
  for (let v = Math.floor(value / 0x800000000); v > 0; v = Math.floor(v / 128)) size++;
  return size;
}

export class ProtobufWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Starts a new message, keeping the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** Makes room for `n` more bytes, doubling the buffer as often as needed. */
  ensure(n: number): void {
    const needed = this.pos + n;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /**
   * Hands over what was written without copying it, and goes on in a new buffer of the same
   * size. (Copying out of one kept buffer measured slower: the copy's fresh 100+ KiB is new
   * memory either way, and the copy comes on top.)
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    return out;
  }

  /** A copy of what was written (for small, long-lived encodings); the writer keeps its buffer. */
  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  /** One raw byte (a precomputed tag below field 16, or a bool). */
  byte(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  /** A field tag: (field << 3) | wireType. */
  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /**
   * A varint. Integers in 0..2^53 are written as unsigned; negative integers as the 10-byte
   * two's complement of their int64 value (the protobuf encoding of negative int32/int64).
   */
  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    let p = this.pos;
    if (value >>> 0 === value) {
      let v = value;
      while (v > 0x7f) {
        buf[p++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buf[p++] = v;
      this.pos = p;
      return;
    }
    const abs = Math.abs(value);
    let lo = abs >>> 0;
    let hi = Math.floor(abs / TWO_32) >>> 0;
    if (value < 0) {
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    }
    while (hi !== 0 || lo > 0x7f) {
      buf[p++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[p++] = lo;
    this.pos = p;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  /** A fixed64 from its low and high 32-bit halves (both unsigned). */
  fixed64Parts(lo: number, hi: number): void {
    this.ensure(8);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = lo;
    buf[p + 1] = lo >>> 8;
    buf[p + 2] = lo >>> 16;
    buf[p + 3] = lo >>> 24;
    buf[p + 4] = hi;
    buf[p + 5] = hi >>> 8;
    buf[p + 6] = hi >>> 16;
    buf[p + 7] = hi >>> 24;
    this.pos = p + 8;
  }

  /** A fixed64 from a non-negative integer (nanoseconds); above 2^53 the number is already rounded. */
  fixed64(value: number): void {
    const hi = Math.floor(value / TWO_32);
    this.fixed64Parts((value - hi * TWO_32) >>> 0, hi >>> 0);
  }

  double(value: number): void {
    this.ensure(8);
    f64[0] = value;
    const buf = this.buf;
    const p = this.pos;
    for (let i = 0; i < 8; i++) buf[p + i] = f64Bytes[i] as number;
    this.pos = p + 8;
  }

  /** Length-delimited UTF-8 (lone surrogates become U+FFFD, as with Buffer and TextEncoder). */
  string(value: string): void {
    const n = value.length;
    if (n >= 43) {
      const length = Buffer.byteLength(value, 'utf8');
      this.varint(length);
      this.ensure(length);
      this.pos += this.buf.write(value, this.pos, length, 'utf8');
      return;
    }
    this.ensure(1 + n * 3);
    const buf = this.buf;
    const start = this.pos;
    let p = start + 1;
    for (let i = 0; i < n; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) {
        buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c < 0xe000) {
          const next = i + 1 < n ? value.charCodeAt(i + 1) : 0;
          if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
            const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
            buf[p++] = 0xf0 | (cp >> 18);
            buf[p++] = 0x80 | ((cp >> 12) & 0x3f);
            buf[p++] = 0x80 | ((cp >> 6) & 0x3f);
            buf[p++] = 0x80 | (cp & 0x3f);
            i++;
            continue;
          }
          c = 0xfffd;
        }
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    buf[start] = p - start - 1;
    this.pos = p;
  }

  /** Length-delimited bytes. */
  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.raw(value);
  }

  /** Bytes copied as they are (already-encoded fields). */
  raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** Length-delimited bytes from a hex string (trace and span ids). */
  hex(value: string): void {
    const length = value.length >>> 1;
    this.varint(length);
    this.ensure(length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < value.length - 1; i += 2) {
      buf[p++] = ((HEX[value.charCodeAt(i) & 0x7f] as number) << 4) | (HEX[value.charCodeAt(i + 1) & 0x7f] as number);
    }
    this.pos = p;
  }

  /**
   * Starts a length-delimited message (after its tag): reserves `guess` bytes for the length.
   * Returns the position to hand to `end` with the same guess.
   */
  begin(guess: number): number {
    this.ensure(guess);
    const start = this.pos;
    this.pos += guess;
    return start;
  }

  /** Writes the length of the message begun at `start`, moving its content if the guess was wrong. */
  end(start: number, guess: number): void {
    const contentStart = start + guess;
    const length = this.pos - contentStart;
    const size = varintSize(length);
    if (size !== guess) {
      this.ensure(size - guess);
      this.buf.copyWithin(start + size, contentStart, this.pos);
      this.pos += size - guess;
    }
    const buf = this.buf;
    let p = start;
    let v = length;
    while (v > 0x7f) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p] = v;
  }
}
