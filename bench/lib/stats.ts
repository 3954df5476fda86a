// Order statistics for benchmark samples. Medians, not means: on a shared machine a
// single round that lost the CPU to someone else should not move the figure we quote.

/** The q-quantile (0..1) of the samples, by linear interpolation between closest ranks. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((x, y) => x - y);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** Spread of the samples as (max - min) / median, the figure quoted as "noise". */
export function relativeSpread(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  return (Math.max(...samples) - Math.min(...samples)) / median(samples);
}
