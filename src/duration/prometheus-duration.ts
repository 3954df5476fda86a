// Prometheus duration strings (`30s`, `5m`, `1h30m`, `3d`), parsed to seconds so that
// configuration can compare windows with each other and with the scrape interval.

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/** Seconds in a Prometheus duration, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(PART)) seconds += Number(amount) * (UNIT_SECONDS[unit as string] ?? 0);
  return seconds > 0 ? seconds : undefined;
}

/** Seconds in a duration the code itself wrote; throws on a typo rather than returning undefined. */
export function durationSeconds(text: string): number {
  const seconds = parseDuration(text);
  if (seconds === undefined) throw new TypeError(`not a Prometheus duration: ${JSON.stringify(text)}`);
  return seconds;
}
