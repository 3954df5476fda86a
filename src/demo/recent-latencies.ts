// Durations of the calls that ended in the last few seconds, for the demo's live p99. Kept
// as raw values (a quantile from them is exact, unlike one from histogram buckets) and
// bounded in count, so a burst cannot grow it without limit.

export interface RecentLatenciesOptions {
  /** How far back the quantile looks. Default 10 s. */
  windowMs?: number;
  /** Most durations kept; the oldest go first. Default 50,000. */
  maxEntries?: number;
  /** The clock (epoch ms); tests move it. */
  now?: () => number;
}

export class RecentLatencies {
  readonly windowMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly at: number[] = [];
  private readonly ms: number[] = [];

  constructor(options: RecentLatenciesOptions = {}) {
    this.windowMs = options.windowMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  add(durationMs: number): void {
    this.at.push(this.now());
    this.ms.push(durationMs);
    if (this.at.length > this.maxEntries) this.drop(this.at.length - this.maxEntries);
  }

  /** The q-quantile (0..1, nearest rank) of the window's durations; undefined when none ended in it. */
  quantile(q: number): number | undefined {
    const from = this.now() - this.windowMs;
    let old = 0;
    while (old < this.at.length && (this.at[old] as number) < from) old++;
    this.drop(old);
    if (this.ms.length === 0) return undefined;
    const sorted = [...this.ms].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
    return sorted[rank - 1];
  }

  private drop(count: number): void {
    this.at.splice(0, count);
    this.ms.splice(0, count);
  }
}
