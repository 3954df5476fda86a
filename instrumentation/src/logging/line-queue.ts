// The lines waiting for the Elasticsearch shipper (elasticsearch-shipping.ts).

/** A FIFO of lines with their total length, without Array.shift's copying. */
export class LineQueue {
  private items: (string | undefined)[] = [];
  private head = 0;
  bytes = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(line: string): void {
    this.items.push(line);
    this.bytes += line.length;
  }

  shift(): string | undefined {
    if (this.head === this.items.length) return undefined;
    const line = this.items[this.head];
    this.items[this.head++] = undefined;
    if (line !== undefined) this.bytes -= line.length;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return line;
  }

  /** Empties the queue; returns how many lines it held. */
  clear(): number {
    const n = this.length;
    this.items = [];
    this.head = 0;
    this.bytes = 0;
    return n;
  }
}
