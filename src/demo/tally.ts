// Counts of the calls the demo made, per method and status code (Go spelling), as the
// calling side saw them. Tests compare them with what Prometheus scraped.
import { grpcCodeName } from '@kansoku/instrumentation';

export class CallTally {
  private readonly counts = new Map<string, Map<string, number>>();

  record(method: string, code: number): void {
    let byCode = this.counts.get(method);
    if (byCode === undefined) {
      byCode = new Map();
      this.counts.set(method, byCode);
    }
    const name = grpcCodeName(code);
    byCode.set(name, (byCode.get(name) ?? 0) + 1);
  }

  /** method → code → count, sorted for stable output. */
  snapshot(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const method of [...this.counts.keys()].sort()) {
      const byCode = this.counts.get(method) as Map<string, number>;
      out[method] = Object.fromEntries([...byCode.entries()].sort(([a], [b]) => a.localeCompare(b)));
    }
    return out;
  }
}
