// Slack incoming webhook. Slack answers 200 "ok", 429 with Retry-After when over about
// one message a second, and a plain error string otherwise: 400 invalid_payload or
// user_not_found, 403 action_prohibited, 404 channel_not_found, 410 channel_is_archived
// (permanent: retrying cannot help), 500 rollup_error (retried). The webhook URL is a
// secret, so errors name only Slack's answer.
import type { Alert } from '../model/alert.js';
import { type Delivery, describeFetchError, retryAfterMs, SEND_TIMEOUT_MS, type Sink } from './sink.js';
import { slackDigest, slackMessage } from './slack-message.js';

const PERMANENT = new Set([400, 401, 403, 404, 410]);

export function createSlackSink(options: { webhookUrl: string; minIntervalMs: number }): Sink {
  return {
    name: 'slack',
    minIntervalMs: options.minIntervalMs,
    digest: true,
    async send(alerts: readonly Alert[]): Promise<Delivery> {
      const body = alerts.length === 1 ? slackMessage(alerts[0] as Alert) : slackDigest(alerts);
      let response: Response;
      try {
        response = await fetch(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
      } catch (err) {
        return { ok: false, permanent: false, error: `Slack webhook unreachable: ${describeFetchError(err)}` };
      }
      const text = (await response.text().catch(() => '')).slice(0, 200);
      if (response.ok) return { ok: true };
      const error = `Slack answered ${response.status} ${text || response.statusText}`;
      if (response.status === 429) {
        const after = retryAfterMs(response.headers.get('retry-after'));
        return {
          ok: false,
          permanent: false,
          error,
          rateLimited: true,
          ...(after !== undefined && { retryAfterMs: after }),
        };
      }
      return { ok: false, permanent: PERMANENT.has(response.status), error };
    },
  };
}
