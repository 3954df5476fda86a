// The generic webhook sink against a local receiver that checks the HMAC signature the
// way a user's receiver would.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { test } from 'node:test';
import type { Alert } from '../../../src/forwarder/model/alert.js';
import {
  createWebhookSink,
  KEY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../../src/forwarder/sinks/webhook.js';
import { startReceiver } from '../helpers.js';

const alert = { key: 'f00d-1', service: 'checkout', reason: 'new' } as Alert;

function verify(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

test('the alert is POSTed as JSON with its key and a signature the receiver can verify', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const sink = createWebhookSink({ url: `${receiver.url}/hook`, secret: 'shh' });
  assert.deepEqual(await sink.send([alert], alert.key), { ok: true });
  const [got] = receiver.received;
  assert.ok(got);
  assert.equal(got.headers['content-type'], 'application/json');
  assert.equal(got.headers[KEY_HEADER], 'f00d-1');
  const timestamp = String(got.headers[TIMESTAMP_HEADER]);
  assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 300);
  assert.ok(verify('shh', timestamp, got.body, String(got.headers[SIGNATURE_HEADER])));
  assert.ok(!verify('other', timestamp, got.body, String(got.headers[SIGNATURE_HEADER])));
  assert.ok(!verify('shh', timestamp, got.body.replace('checkout', 'cart'), String(got.headers[SIGNATURE_HEADER])));
  assert.deepEqual(JSON.parse(got.body), { kind: 'alert', key: 'f00d-1', alert });
});

test('a digest carries every alert; without a secret there is no signature', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const sink = createWebhookSink({ url: `${receiver.url}/hook` });
  await sink.send([alert, { ...alert, key: 'beef-1' }], 'digest-1');
  const [got] = receiver.received;
  assert.equal(got?.headers[SIGNATURE_HEADER], undefined);
  assert.deepEqual(JSON.parse(got?.body ?? ''), {
    kind: 'digest',
    key: 'digest-1',
    alerts: [alert, { ...alert, key: 'beef-1' }],
  });
});

test('4xx is permanent, 5xx and 429 are retried (429 with its Retry-After), an unreachable host is retried', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const sink = createWebhookSink({ url: `${receiver.url}/hook`, secret: 'shh' });
  receiver.answer = () => ({ status: 422 });
  assert.deepEqual(await sink.send([alert], 'k'), {
    ok: false,
    permanent: true,
    error: `webhook ${new URL(receiver.url).host} answered 422 Unprocessable Entity`,
  });
  receiver.answer = () => ({ status: 503 });
  assert.equal(((await sink.send([alert], 'k')) as { permanent: boolean }).permanent, false);
  receiver.answer = () => ({ status: 429, headers: { 'retry-after': '7' } });
  const limited = await sink.send([alert], 'k');
  assert.deepEqual(
    { ...limited, error: '' },
    { ok: false, permanent: false, rateLimited: true, retryAfterMs: 7000, error: '' },
  );
  await receiver.close();
  const down = await sink.send([alert], 'k');
  assert.equal(down.ok, false);
  assert.equal((down as { permanent: boolean }).permanent, false);
  assert.match((down as { error: string }).error, /unreachable/);
  assert.ok(!(down as { error: string }).error.includes('shh'));
});
