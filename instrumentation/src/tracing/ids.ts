// Trace and span ids: random bytes from the OS, drawn from a pooled buffer so that a span
// costs a slice of hex, not a system call or a per-byte Math.random loop.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 16 * 1024;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

export class IdGenerator {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private offset = POOL_BYTES;

  /** 32 lowercase hex digits, never all zero (an invalid id per W3C trace context). */
  traceId(): string {
    const id = this.hex(16);
    return id === INVALID_TRACE_ID ? this.traceId() : id;
  }

  /** 16 lowercase hex digits, never all zero. */
  spanId(): string {
    const id = this.hex(8);
    return id === INVALID_SPAN_ID ? this.spanId() : id;
  }

  private hex(bytes: number): string {
    if (this.offset + bytes > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const start = this.offset;
    this.offset += bytes;
    return this.pool.toString('hex', start, start + bytes);
  }
}
