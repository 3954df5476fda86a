// The demo's webhook receiver, fed by the forwarder's real webhook sink.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startWebhookReceiver } from '../../src/demo/webhook-receiver.js';
import type { Alert } from '../../src/forwarder/model/alert.js';
import { createWebhookSink, SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from '../../src/forwarder/sinks/webhook.js';

const alert = (key: string) => ({ key, service: 'kansoku-demo-shop', reason: 'new', title: 'RangeError: x' }) as Alert;

test('signed alerts and digests are accepted, handed over and written down, each key once', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-receiver-'));
  const got: Alert[] = [];
  const receiver = await startWebhookReceiver({
    secret: 's3cret',
    alertsFile: join(dir, 'alerts.jsonl'),
    onAlert: (a) => got.push(a),
  });
  t.after(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });
  const sink = createWebhookSink({ url: receiver.url, secret: 's3cret' });
  assert.deepEqual(await sink.send([alert('a-1')], 'a-1'), { ok: true });
  // At-least-once delivery: the same key again is answered 200 and not counted twice.
  assert.deepEqual(await sink.send([alert('a-1')], 'a-1'), { ok: true });
  assert.deepEqual(await sink.send([alert('b-1'), alert('c-1')], 'digest-1'), { ok: true });
  assert.equal(receiver.received(), 3);
  assert.deepEqual(
    got.map((a) => a.key),
    ['a-1', 'b-1', 'c-1'],
  );
  const written = (await readFile(join(dir, 'alerts.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as Alert).key);
  assert.deepEqual(written, ['a-1', 'b-1', 'c-1']);
});

test('a wrong or missing signature, a stale timestamp, a body that is not an alert, or too big a body are refused', async (t) => {
  const got: Alert[] = [];
  const receiver = await startWebhookReceiver({ secret: 's3cret', onAlert: (a) => got.push(a) });
  t.after(() => receiver.close());
  const wrong = createWebhookSink({ url: receiver.url, secret: 'guess' });
  const refused = await wrong.send([alert('a-1')], 'a-1');
  assert.equal(refused.ok, false);
  assert.match(String((refused as { error: string }).error), /401/);
  const unsigned = await createWebhookSink({ url: receiver.url }).send([alert('a-1')], 'a-1');
  assert.equal(unsigned.ok, false);

  const post = (body: string, timestamp = String(Math.floor(Date.now() / 1000))) =>
    fetch(receiver.url, {
      method: 'POST',
      headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: sign('s3cret', timestamp, body) },
      body,
    });
  const stale = String(Math.floor(Date.now() / 1000) - 3600);
  assert.equal((await post(JSON.stringify({ kind: 'alert', key: 'k', alert: alert('k') }), stale)).status, 401);
  assert.equal((await post('not json')).status, 400);
  assert.equal((await post(JSON.stringify({ kind: 'something' }))).status, 400);
  assert.equal((await post('x'.repeat(2 * 1024 * 1024))).status, 413);
  assert.equal((await fetch(receiver.url)).status, 405);
  assert.equal(receiver.received(), 0);
  assert.deepEqual(got, []);
});
