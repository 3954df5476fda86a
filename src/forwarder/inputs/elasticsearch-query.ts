// The search the poller sends: error-looking documents of the log indices up to
// `now - safetyDelay` (refresh lag: a document indexed later with an earlier timestamp is
// still picked up if it arrives within the delay), sorted by timestamp and a unique
// tiebreaker so that search_after can resume from a checkpoint of exactly those two
// values. No scroll and no point in time: neither outlives a restart.

export interface Checkpoint {
  /** The sort values of the last document applied: epoch ms and the tiebreaker. */
  after: [number, string];
}

export interface QueryOptions {
  index: string;
  timestampField: string;
  tiebreakerField: string;
  batchSize: number;
  minLevel: 'warn' | 'error' | 'fatal';
}

const LEVELS_FROM: Record<QueryOptions['minLevel'], string[]> = {
  warn: ['warn', 'warning', 'WARN', 'WARNING', 'error', 'ERROR', 'fatal', 'FATAL', 'critical', 'CRITICAL', 'panic'],
  error: ['error', 'ERROR', 'err', 'fatal', 'FATAL', 'critical', 'CRITICAL', 'alert', 'emergency', 'panic'],
  fatal: ['fatal', 'FATAL', 'critical', 'CRITICAL', 'alert', 'emergency', 'panic'],
};

export function pollSearch(options: QueryOptions, upTo: number, checkpoint: Checkpoint | undefined) {
  return {
    index: options.index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: options.batchSize,
    track_total_hits: false,
    query: {
      bool: {
        filter: [{ range: { [options.timestampField]: { lte: upTo, format: 'epoch_millis' } } }],
        // The detector decides in the end; this only keeps info lines off the wire.
        should: [
          { terms: { 'log.level': LEVELS_FROM[options.minLevel] } },
          { exists: { field: 'error.type' } },
          { exists: { field: 'error.stack_trace' } },
        ],
        minimum_should_match: 1,
      },
    },
    sort: [
      { [options.timestampField]: { order: 'asc' as const } },
      { [options.tiebreakerField]: { order: 'asc' as const } },
    ],
    ...(checkpoint && { search_after: checkpoint.after }),
  };
}
