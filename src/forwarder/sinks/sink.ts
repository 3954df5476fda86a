// A notification sink: Slack, a generic webhook, Alertmanager. A sink says whether a
// delivery worked and, when it did not, whether trying again can help and when.
import type { SinkName } from '../config/config.js';
import type { Alert } from '../model/alert.js';

export type Delivery =
  | { ok: true }
  | {
      ok: false;
      /** Trying again cannot succeed (Slack's 400/404/410, a webhook's 4xx). */
      permanent: boolean;
      /** The receiver asked for this pause (Retry-After). */
      retryAfterMs?: number;
      /** What went wrong, safe to log: never a URL with its secret path, never a token. */
      error: string;
      rateLimited?: boolean;
    };

export interface Sink {
  name: SinkName;
  /** The shortest pause between two messages (Slack: one a second per webhook). */
  minIntervalMs: number;
  /** Whether several alerts may go out as one digest message. */
  digest: boolean;
  /** `key` is stable across retries: the alert's key, or a digest's. */
  send(alerts: readonly Alert[], key: string): Promise<Delivery>;
}

/** How an HTTP failure of fetch() is described: the error class and code, never the URL. */
export function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${err.message} (${cause.code})` : err.name === 'TimeoutError' ? 'timed out' : err.message;
  }
  return String(err);
}

/** Seconds (or an HTTP date) in a Retry-After header, as milliseconds. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export const SEND_TIMEOUT_MS = 10_000;
