// Delivers the outbox, one loop per sink, so a slow or failing sink never holds up the
// others and a sink that failed is retried without resending to the ones that succeeded.
// At-least-once: a row is marked sent only after the sink said so; a crash in between
// resends it under the same key. Failures back off exponentially (or as Retry-After
// says) until giveUpAfter, then count as failed; permanent failures stop at once.
import type { Logger } from 'pino';
import { esErrorText } from './elasticsearch-client.js';
import { FORWARDER_ERROR_CODES } from './errors.js';
import type { ForwarderMetrics } from './metrics.js';
import type { Alert } from './model/alert.js';
import type { AlertmanagerSink } from './sinks/alertmanager.js';
import type { Delivery, Sink } from './sinks/sink.js';
import type { SharedState } from './state/elasticsearch-shared.js';
import type { OutboxRow, SqliteStore } from './state/sqlite-store.js';
import { wakeableSleep } from './wakeable-sleep.js';

export interface DispatcherOptions {
  sink: Sink;
  store: SqliteStore;
  metrics: ForwarderMetrics;
  logger: Logger;
  giveUpAfterMs: number;
  digest: { enabled: boolean; intervalMs: number; minAlerts: number };
  /** Several replicas: where each alert's final outcome per sink is recorded. */
  shared?: Pick<SharedState, 'delivered'>;
  /** Alertmanager: how often to re-post active groups. */
  resendIntervalMs?: number;
  now?: () => number;
}

const BATCH = 50;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60_000;
const IDLE_MS = 5_000;
const STEP_FAILED_PAUSE_MS = 1_000;

export interface Dispatcher {
  /** Something was queued: look now instead of at the next timer. */
  wake(): void;
  stop(): Promise<void>;
}

export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { sink, store, metrics, logger } = options;
  const now = options.now ?? Date.now;
  const labels = { sink: sink.name };
  let stopped = false;
  const { sleep, wake } = wakeableSleep();
  let lastSendAt = 0;
  let lastDigestAt = 0;
  let lastResendAt = 0;

  const record = (rows: readonly OutboxRow[], delivery: Delivery, started: number) => {
    const at = now();
    metrics.duration.observe(labels, (at - started) / 1000);
    store.transaction(() => {
      for (const row of rows) {
        if (delivery.ok) store.markSent(sink.name, row.key, at);
        else if (delivery.permanent || at - row.createdAt >= options.giveUpAfterMs)
          store.markFailed(sink.name, row.key, at, delivery.error);
        else {
          const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** row.attempts);
          store.markRetry(sink.name, row.key, at + Math.max(backoff, delivery.retryAfterMs ?? 0), delivery.error);
        }
      }
    });
    if (delivery.ok) {
      metrics.sent.inc(labels, rows.length);
      return;
    }
    if (delivery.rateLimited) metrics.rateLimited.inc(labels, rows.length);
    const gaveUp = delivery.permanent || rows.some((row) => at - row.createdAt >= options.giveUpAfterMs);
    if (gaveUp) metrics.failed.inc(labels, rows.length);
    logger.warn(
      { 'error.code': FORWARDER_ERROR_CODES.sink, sink: sink.name, keys: rows.map((r) => r.key), gaveUp },
      `delivery to ${sink.name} failed: ${delivery.error}`,
    );
  };

  // Several replicas: the final outcome goes on the alert's shared slot, so a replica that
  // takes over after a crash sends only what is missing. A failed record is logged, not
  // retried: while this replica lives nobody takes its alerts over.
  const settle = async (rows: readonly OutboxRow[], delivery: Delivery) => {
    const { shared } = options;
    if (!shared) return;
    const at = now();
    for (const row of rows) {
      const gaveUp = !delivery.ok && (delivery.permanent || at - row.createdAt >= options.giveUpAfterMs);
      if (!delivery.ok && !gaveUp) continue;
      try {
        await shared.delivered(sink.name, row.key, delivery.ok ? 'sent' : 'failed');
      } catch (err) {
        logger.warn(
          {
            'error.code': FORWARDER_ERROR_CODES.state,
            sink: sink.name,
            key: row.key,
            err: { message: esErrorText(err) },
          },
          'recording a delivery in the shared state failed',
        );
      }
    }
  };

  const deliver = async (rows: OutboxRow[], key: string) => {
    if (lastSendAt + sink.minIntervalMs > now()) metrics.rateLimited.inc(labels, rows.length);
    // A wake() may end the sleep early: look at the clock again.
    for (let wait = lastSendAt + sink.minIntervalMs - now(); wait > 0; wait = lastSendAt + sink.minIntervalMs - now()) {
      await sleep(wait);
      if (stopped) return false;
    }
    const started = now();
    lastSendAt = started;
    const alerts = rows.map((row) => JSON.parse(row.payload) as Alert);
    let delivery: Delivery;
    try {
      delivery = await sink.send(alerts, key);
    } catch (err) {
      delivery = { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) };
    }
    record(rows, delivery, started);
    await settle(rows, delivery);
    return delivery.ok;
  };

  const step = async () => {
    const at = now();
    const am = sink as Partial<AlertmanagerSink>;
    if (am.resend && options.resendIntervalMs && at - lastResendAt >= options.resendIntervalMs) {
      lastResendAt = at;
      const delivery = await am.resend(at);
      if (!delivery.ok)
        logger.warn(
          { 'error.code': FORWARDER_ERROR_CODES.sink, sink: sink.name },
          `re-sending to Alertmanager failed: ${delivery.error}`,
        );
    }
    const rows = store.due(sink.name, at, BATCH);
    const { digest } = options;
    if (sink.digest && digest.enabled && rows.length >= digest.minAlerts) {
      if (at - lastDigestAt >= digest.intervalMs) {
        lastDigestAt = at;
        await deliver(rows, `digest-${rows[0]?.key}-${rows.length}`);
      }
      return;
    }
    // After a failure the rest wait too: a sink that is down or rate limiting is not hammered.
    for (const row of rows) if (stopped || !(await deliver([row], row.key))) return;
  };

  const nextWait = () => {
    const at = now();
    const due = store.nextDue(sink.name);
    let wait = due === undefined ? IDLE_MS : due - at;
    if (options.digest.enabled && sink.digest && store.pending(sink.name) >= options.digest.minAlerts)
      wait = Math.max(wait, lastDigestAt + options.digest.intervalMs - at);
    if (options.resendIntervalMs) wait = Math.min(wait, lastResendAt + options.resendIntervalMs - at);
    return Math.min(Math.max(wait, 0), IDLE_MS);
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await step();
      } catch (err) {
        // Never the error object itself: an Elasticsearch error carries the request's headers.
        logger.error(
          { 'error.code': FORWARDER_ERROR_CODES.state, sink: sink.name, err: { message: esErrorText(err) } },
          'outbox step failed',
        );
        await sleep(STEP_FAILED_PAUSE_MS);
      }
      if (stopped) break;
      await sleep(nextWait());
    }
  })();

  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
