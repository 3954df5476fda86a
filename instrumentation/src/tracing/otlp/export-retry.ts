// Retries of a failed export, as the OTLP exporter specification asks: only failures it
// calls retryable (gRPC CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED with RetryInfo,
// ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS; HTTP 429, 502, 503, 504; a connection
// that could not be made or was lost), after the delay the collector asked for (RetryInfo,
// Retry-After) or else an exponential backoff with jitter, and never past the export's
// deadline. The backoff constants are the JavaScript SDK's (1 s, ×1.5, at most 5 s, ±20 %),
// so a collector sees the same retry pattern from both. On the happy path this costs one
// try/await per batch.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { EncodedSpans, ExportOutcome } from '../finished-span.js';
import { type ExportDeadline, startDeadline } from './export-deadline.js';

const gzipAsync = promisify(gzip);

/** A failed attempt: its message names the endpoint and the failure, never a header value. */
export class ExportAttemptError extends Error {
  constructor(
    message: string,
    /** May the same batch be sent again (the specification's retryable failures)? */
    readonly retryable: boolean,
    /** The delay the collector asked for, in ms. */
    readonly retryAfterMs: number | undefined,
    /** The gRPC status code, or the HTTP status, when there was one. */
    readonly code: number | undefined,
  ) {
    super(message);
  }
}

export interface RetryPolicy {
  initialBackoffMs: number;
  maxBackoffMs: number;
  multiplier: number;
  /** ± this share of the backoff, at random. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialBackoffMs: 1000,
  maxBackoffMs: 5000,
  multiplier: 1.5,
  jitter: 0.2,
};

export interface SendSettings {
  /** One export's limit, retries included. */
  timeoutMs: number;
  gzip: boolean;
  policy: RetryPolicy;
}

/**
 * One export as both exporters make it: the body compressed once (off the event loop) when
 * asked, then `attempt` with it, retried within a deadline that `signal` can bring forward.
 */
export async function sendWithRetries(
  batch: EncodedSpans,
  signal: AbortSignal | undefined,
  settings: SendSettings,
  attempt: (body: Buffer, deadline: ExportDeadline) => Promise<ExportOutcome>,
): Promise<ExportOutcome> {
  const deadline = startDeadline(settings.timeoutMs, signal);
  try {
    const body = settings.gzip ? await gzipAsync(batch.request) : batch.request;
    return await withRetries(() => attempt(body, deadline), deadline, settings.policy);
  } finally {
    deadline.dispose();
  }
}

/**
 * Runs `attempt` until it succeeds, fails in a way that is not retryable, or the next try
 * would start after the deadline. The error of the last attempt is what rejects, with the
 * number of attempts and why retrying stopped added to its message. When the deadline cuts
 * off a retry, the earlier attempt's failure is the one reported: "connection refused" says
 * more about the collector than "cancelled at the deadline" does.
 */
export async function withRetries(
  attempt: () => Promise<ExportOutcome>,
  deadline: ExportDeadline,
  policy: RetryPolicy,
): Promise<ExportOutcome> {
  let backoff = policy.initialBackoffMs;
  let earlier: ExportAttemptError | undefined;
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof ExportAttemptError)) throw err;
      // Cancelled at the deadline after earlier attempts failed: say how many there were.
      if (!err.retryable && deadline.signal.aborted && earlier) throw gaveUp(earlier, attempts, deadline.reason());
      if (!err.retryable) throw err;
      earlier = err;
      const jittered = backoff * (1 + (Math.random() * 2 - 1) * policy.jitter);
      const delay = Math.max(0, err.retryAfterMs ?? Math.min(jittered, policy.maxBackoffMs));
      backoff *= policy.multiplier;
      if (deadline.signal.aborted || delay >= deadline.remainingMs()) {
        throw gaveUp(err, attempts, `the next retry, in ${Math.round(delay)} ms, would pass the export timeout`);
      }
      if (!(await sleep(delay, deadline.signal))) throw gaveUp(err, attempts, deadline.reason());
    }
  }
}

function gaveUp(last: ExportAttemptError, attempts: number, why: string): ExportAttemptError {
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  return new ExportAttemptError(`${last.message} (gave up after ${tries}: ${why})`, false, undefined, last.code);
}

/**
 * Waits `ms`; false when the signal fired first. The timer is ref'd: a batch waiting for its
 * retry keeps the process alive, like a call in flight, or the spans a shutdown flushes
 * while the collector restarts would be lost.
 */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (slept: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(slept);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
