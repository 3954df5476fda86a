// The storage of one histogram series: plain counters per bucket, written on the call path
// without any label hashing (the series was chosen when the method was first seen).

export interface Exemplar {
  traceId: string;
  spanId: string;
  value: number;
  /** Seconds since the epoch, as OpenMetrics writes it. */
  timestamp: number;
}

export class HistogramData {
  /** Non-cumulative counts; the last slot is the +Inf bucket. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  /** The latest exemplar per bucket, when exemplars are on. */
  readonly exemplars: (Exemplar | undefined)[] | undefined;

  constructor(
    readonly bounds: readonly number[],
    withExemplars: boolean,
  ) {
    this.counts = new Float64Array(bounds.length + 1);
    this.exemplars = withExemplars ? new Array(bounds.length + 1) : undefined;
  }

  observe(value: number, traceId?: string, spanId?: string): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
    if (traceId !== undefined && spanId !== undefined && this.exemplars !== undefined) {
      // Overwritten in place: with every call sampled, a new object per call is garbage per call.
      const exemplar = this.exemplars[i];
      const timestamp = Date.now() / 1000;
      if (exemplar === undefined) this.exemplars[i] = { traceId, spanId, value, timestamp };
      else {
        exemplar.traceId = traceId;
        exemplar.spanId = spanId;
        exemplar.value = value;
        exemplar.timestamp = timestamp;
      }
    }
  }
}
