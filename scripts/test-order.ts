// The order `npm test` starts its files in: longest first, by the times of the last run on
// this machine. The machine runs three files at once and is CPU-bound, so a long file that
// starts last keeps the run going while the other lanes sit idle; started first, it runs
// beside the short ones. The times live in the service cache, outside the clone, like the
// builds; a machine without times of its own (a first run) uses the ones committed beside
// this file (scripts/test-file-times.json, a quiet run's, refreshed by hand now and then:
// stale times only cost a little speed).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

// A file the last run did not time (new, or renamed) is placed as a middling one.
const UNTIMED_MS = 20_000;

function lastTimes(timesFile: string): Record<string, number> {
  try {
    return JSON.parse(readFileSync(timesFile, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/**
 * `files`, the longest first by `timesFile` (written by rememberTimes), or by `seedFile`
 * for a file `timesFile` lacks; ties by name.
 */
export function longestFirst(files: readonly string[], timesFile: string, seedFile?: string): string[] {
  const last = { ...(seedFile && lastTimes(seedFile)), ...lastTimes(timesFile) };
  const ms = (file: string) => last[file] ?? UNTIMED_MS;
  return [...files].sort((a, b) => ms(b) - ms(a) || a.localeCompare(b));
}

/**
 * Keeps this run's times (file → ms) for the next one. Files this run did not run keep their
 * old time; files no longer among `known` (deleted, renamed) are forgotten.
 */
export function rememberTimes(times: ReadonlyMap<string, number>, timesFile: string, known: readonly string[]): void {
  const all = { ...lastTimes(timesFile), ...Object.fromEntries(times) };
  const merged = Object.fromEntries(known.filter((file) => file in all).map((file) => [file, all[file]]));
  // Written aside and renamed: two runs at once never leave half a file.
  const partial = `${timesFile}.${process.pid}`;
  try {
    writeFileSync(partial, `${JSON.stringify(merged, null, 1)}\n`);
    renameSync(partial, timesFile);
  } catch {
    // No writable cache (a read-only one): the next run orders by name, which is only slower.
  }
}
