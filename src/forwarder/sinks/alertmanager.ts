// Alertmanager API v2. The group's labels are the alert's identity (Alertmanager dedups
// by label set), so a resend is never a duplicate. Alertmanager forgets an alert whose
// endsAt has passed, so the forwarder re-posts every group it told Alertmanager about
// while the group is active (endsAt a few resend intervals ahead), and once the group has
// been quiet for resolveAfter posts it with endsAt in the past, repeating that for
// resolvedResendFor in case Alertmanager restarted (docs/clients.md of Alertmanager).
import type { Alert } from '../model/alert.js';
import type { SqliteStore } from '../state/sqlite-store.js';
import { type Delivery, describeFetchError, SEND_TIMEOUT_MS, type Sink } from './sink.js';

export const ALERTNAME = 'KansokuErrorGroup';

export interface AlertmanagerOptions {
  url: string;
  resendIntervalMs: number;
  resolveAfterMs: number;
  resolvedResendForMs: number;
}

interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

export function alertmanagerAlert(alert: Alert): PostableAlert {
  const labels: Record<string, string> = {
    alertname: ALERTNAME,
    fingerprint: alert.fingerprint,
    service: alert.service,
    severity: 'error',
  };
  if (alert.namespace) labels.namespace = alert.namespace;
  const annotations: Record<string, string> = {
    summary: alert.title.slice(0, 500),
    description: [alert.sampleMessage.slice(0, 2000), ...alert.topFrames].join('\n'),
    reason: alert.reason,
    pod: alert.pod,
    count_in_window: String(alert.countInWindow),
    window_seconds: String(alert.windowSeconds),
    first_seen: alert.firstSeen,
    last_seen: alert.lastSeen,
  };
  if (alert.discoverUrl) annotations.discover_url = alert.discoverUrl;
  if (alert.traceUrl) annotations.trace_url = alert.traceUrl;
  return {
    labels,
    annotations,
    startsAt: alert.firedAt,
    ...(alert.discoverUrl && { generatorURL: alert.discoverUrl }),
  };
}

async function post(url: string, alerts: PostableAlert[]): Promise<Delivery> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/v2/alerts', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (err) {
    return { ok: false, permanent: false, error: `Alertmanager unreachable: ${describeFetchError(err)}` };
  }
  const text = (await response.text().catch(() => '')).slice(0, 300);
  if (response.ok) return { ok: true };
  // 400: Alertmanager refused the alert itself (bad labels); sending it again cannot help.
  return { ok: false, permanent: response.status === 400, error: `Alertmanager answered ${response.status} ${text}` };
}

export interface AlertmanagerSink extends Sink {
  /** Re-posts active groups and resolves quiet ones; call every resendInterval. */
  resend(now: number): Promise<Delivery>;
}

export function createAlertmanagerSink(options: AlertmanagerOptions, store: SqliteStore): AlertmanagerSink {
  const holdMs = () => 3 * options.resendIntervalMs;
  return {
    name: 'alertmanager',
    minIntervalMs: 0,
    digest: false,
    async send(alerts) {
      const now = Date.now();
      const postable = alerts.map((a) => ({ ...alertmanagerAlert(a), endsAt: new Date(now + holdMs()).toISOString() }));
      const delivery = await post(options.url, postable);
      if (delivery.ok)
        store.transaction(() => {
          for (const a of postable)
            store.putAlertmanager({
              fingerprint: a.labels.fingerprint as string,
              alert: JSON.stringify(a),
              resolvedAt: null,
            });
        });
      return delivery;
    },
    async resend(now) {
      const batch: PostableAlert[] = [];
      const updates: (() => void)[] = [];
      for (const entry of store.alertmanagerEntries()) {
        const alert = JSON.parse(entry.alert) as PostableAlert;
        const group = store.getGroup(entry.fingerprint);
        const quietSince = (group?.lastReceivedAt ?? 0) + options.resolveAfterMs;
        if (quietSince > now) {
          // Active: keep it firing (again, if it had been resolved and came back).
          const startsAt = entry.resolvedAt === null ? alert.startsAt : new Date(now).toISOString();
          const firing = { ...alert, startsAt, endsAt: new Date(now + holdMs()).toISOString() };
          batch.push(firing);
          updates.push(() =>
            store.putAlertmanager({ fingerprint: entry.fingerprint, alert: JSON.stringify(firing), resolvedAt: null }),
          );
        } else if (entry.resolvedAt === null || now - entry.resolvedAt < options.resolvedResendForMs) {
          const resolvedAt = entry.resolvedAt ?? Math.min(quietSince, now);
          const resolved = { ...alert, endsAt: new Date(resolvedAt).toISOString() };
          batch.push(resolved);
          updates.push(() =>
            store.putAlertmanager({ fingerprint: entry.fingerprint, alert: JSON.stringify(resolved), resolvedAt }),
          );
        } else {
          updates.push(() => store.deleteAlertmanager(entry.fingerprint));
        }
      }
      const delivery = batch.length === 0 ? ({ ok: true } as const) : await post(options.url, batch);
      if (delivery.ok)
        store.transaction(() => {
          for (const update of updates) update();
        });
      return delivery;
    },
  };
}
