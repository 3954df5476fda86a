// Metadata label values that were folded into _OTHER, told in the library's log so that an
// operator can see which values (a tenant, say) went missing from the series and why:
// longer than metrics.maxLabelValueLength, or past metrics.maxLabelValues for the method.
// The log is bounded too: the first values are named, then one line says that more were
// folded, and nothing after.
import { OTHER_METHOD } from './catalog.js';

export type FoldReason = 'too_long' | 'too_many';

/** Where the lines go (a warn on the library's own logger); undefined until it exists. */
export type FoldSink = (message: string) => void;

const SHOWN_CHARS = 64;

export class FoldedValues {
  private readonly told = new Set<string>();
  private overflowTold = false;

  constructor(
    private readonly sink: () => FoldSink | undefined,
    private readonly maxTold = 20,
  ) {}

  /** `labels` are the label name → value pairs that were folded. */
  fold(side: string, method: string, labels: [string, string][], reason: FoldReason, limit: number): void {
    const pairs = labels.map(([label, value]) => `${label}="${shown(value)}"`).join(', ');
    const key = `${side} ${method} ${pairs}`;
    if (this.told.has(key)) return;
    const sink = this.sink();
    if (sink === undefined) return;
    if (this.told.size >= this.maxTold) {
      if (!this.overflowTold) {
        this.overflowTold = true;
        sink(`more metadata label values were folded into ${OTHER_METHOD}; only the first ${this.maxTold} are logged`);
      }
      return;
    }
    this.told.add(key);
    const why =
      reason === 'too_long'
        ? `longer than ${limit} characters (metrics.maxLabelValueLength)`
        : `past ${limit} distinct value sets for the method (metrics.maxLabelValues)`;
    sink(`${side} metadata labels ${pairs} of ${method} counted as ${OTHER_METHOD}: ${why}`);
  }
}

function shown(value: string): string {
  return value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value;
}
