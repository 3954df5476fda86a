// Span times as epoch milliseconds with a fractional part. performance.now() is monotonic,
// so durations are right even when the wall clock steps; its origin anchors it to the epoch.
import type { HrTime, TimeInput } from '@opentelemetry/api';

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * An OpenTelemetry TimeInput as epoch milliseconds: an HrTime, a Date, or a number of
 * milliseconds, read (as the SDK reads it) as performance.now()-relative when it is
 * smaller than the performance time origin.
 */
export function timeInputMs(time: TimeInput | undefined): number {
  if (time === undefined) return nowMs();
  if (typeof time === 'number') return time < performance.timeOrigin ? performance.timeOrigin + time : time;
  if (time instanceof Date) return time.getTime();
  const [seconds, nanos] = time as HrTime;
  return seconds * 1000 + nanos / 1e6;
}
