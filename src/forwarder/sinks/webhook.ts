// A generic webhook: the alert as JSON, POSTed with its stable key and, when a secret is
// configured, an HMAC-SHA256 signature of `<timestamp>.<body>` so the receiver can check
// origin and freshness (the scheme Stripe and Slack's signing secrets use).
import { createHmac } from 'node:crypto';
import type { Alert } from '../model/alert.js';
import { type Delivery, describeFetchError, retryAfterMs, SEND_TIMEOUT_MS, type Sink } from './sink.js';

export const SIGNATURE_HEADER = 'x-kansoku-signature';
export const TIMESTAMP_HEADER = 'x-kansoku-timestamp';
export const KEY_HEADER = 'idempotency-key';

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createWebhookSink(options: { url: string; secret?: string }): Sink {
  const host = new URL(options.url).host;
  return {
    name: 'webhook',
    minIntervalMs: 0,
    digest: true,
    async send(alerts: readonly Alert[], key: string): Promise<Delivery> {
      const body = JSON.stringify(
        alerts.length === 1 ? { kind: 'alert', key, alert: alerts[0] } : { kind: 'digest', key, alerts },
      );
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { 'content-type': 'application/json', [KEY_HEADER]: key };
      if (options.secret) {
        headers[TIMESTAMP_HEADER] = timestamp;
        headers[SIGNATURE_HEADER] = sign(options.secret, timestamp, body);
      }
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
      } catch (err) {
        return { ok: false, permanent: false, error: `webhook ${host} unreachable: ${describeFetchError(err)}` };
      }
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      const error = `webhook ${host} answered ${response.status} ${response.statusText}`;
      if (response.status === 429 || response.status === 408) {
        const after = retryAfterMs(response.headers.get('retry-after'));
        return {
          ok: false,
          permanent: false,
          error,
          rateLimited: response.status === 429,
          ...(after !== undefined && { retryAfterMs: after }),
        };
      }
      return { ok: false, permanent: response.status >= 400 && response.status < 500, error };
    },
  };
}
