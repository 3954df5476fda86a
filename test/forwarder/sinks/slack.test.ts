// The Slack sink through the delivery loop, against a local server that answers the way
// Slack's incoming webhooks do (Slack itself cannot run here).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { startDispatcher } from '../../../src/forwarder/dispatcher.js';
import { createForwarderMetrics } from '../../../src/forwarder/metrics.js';
import type { Alert } from '../../../src/forwarder/model/alert.js';
import { createSlackSink } from '../../../src/forwarder/sinks/slack.js';
import { SqliteStore } from '../../../src/forwarder/state/sqlite-store.js';
import { startReceiver, tempDir, waitFor } from '../helpers.js';

function alert(key: string, overrides: Partial<Alert> = {}): Alert {
  return {
    key,
    reason: 'new',
    fingerprint: key.split('-')[0] ?? key,
    title: 'TypeError: Cannot read properties of undefined (reading <quoted>)',
    service: 'checkout',
    namespace: 'shop',
    pod: 'checkout-7d9f-abcde',
    errorType: 'TypeError',
    countInWindow: 3,
    windowSeconds: 300,
    total: 3,
    firstSeen: '2026-12-01T10:00:00.000Z',
    lastSeen: '2026-12-01T10:01:00.000Z',
    sampleMessage: "Cannot read properties of undefined (reading 'amount')",
    topFrames: ['at charge (/app/src/payment.js:42:17)'],
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    discoverUrl: 'https://kibana.example/app/discover#/?_g=()',
    traceUrl: 'https://jaeger.example/trace/4bf92f3577b34da6a3ce929d0e0e4736',
    firedAt: '2026-12-01T10:01:00.000Z',
    ...overrides,
  };
}

async function setup(t: Parameters<typeof tempDir>[0], options: { digest?: boolean } = {}) {
  const receiver = await startReceiver();
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  const metrics = createForwarderMetrics({ groups: () => 0, pending: (s) => store.pending(s), sinks: ['slack'] });
  const slack = createSlackSink({ webhookUrl: `${receiver.url}/services/T000/B000/SECRETPATH`, minIntervalMs: 1000 });
  // When the delivery loop calls the sink: the rate limit's own clock, free of network jitter.
  const sendTimes: number[] = [];
  const dispatcher = startDispatcher({
    sink: {
      ...slack,
      send: (alerts, key) => {
        sendTimes.push(Date.now());
        return slack.send(alerts, key);
      },
    },
    store,
    metrics,
    logger: pino({ level: 'silent' }),
    giveUpAfterMs: 3_600_000,
    digest: { enabled: options.digest ?? false, intervalMs: 60_000, minAlerts: 3 },
  });
  t.after(async () => {
    await dispatcher.stop();
    await receiver.close();
    store.close();
  });
  const enqueue = (...alerts: Alert[]) => {
    for (const a of alerts) store.enqueue('slack', a.key, JSON.stringify(a), Date.now());
    dispatcher.wake();
  };
  const counter = async (name: string) => {
    const text = await metrics.registry.metrics();
    return Number(new RegExp(`^${name}\\{sink="slack"\\} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  };
  return { receiver, store, enqueue, counter, sendTimes };
}

test('200 "ok": one readable message per alert, within Slack’s limits even for huge errors', async (t) => {
  const { receiver, store, enqueue, counter } = await setup(t);
  const huge = alert('f1-1', {
    title: `Error: ${'x'.repeat(5000)}`,
    sampleMessage: 'y'.repeat(50_000),
    topFrames: Array.from({ length: 50 }, (_, i) => `at f${i} (/app/${'z'.repeat(200)}.js:1:1)`),
  });
  enqueue(huge);
  await waitFor('the message', () => receiver.received.length === 1 && store.pending('slack') === 0);
  const message = JSON.parse(receiver.received[0]?.body ?? '{}') as {
    text: string;
    blocks: { type: string; text?: { text: string }; fields?: { text: string }[] }[];
  };
  const size = receiver.received[0]?.body.length ?? Number.POSITIVE_INFINITY;
  assert.ok(size < 8000, `${size} chars`);
  assert.ok(message.blocks.length <= 50);
  assert.equal(message.blocks[0]?.type, 'header');
  assert.ok((message.blocks[0]?.text?.text.length ?? 0) <= 150);
  for (const block of message.blocks) if (block.text) assert.ok(block.text.text.length <= 3000);
  const fields = message.blocks[1]?.fields?.map((f) => f.text) ?? [];
  assert.deepEqual(fields.slice(0, 4), [
    '*Service*\ncheckout',
    '*Namespace*\nshop',
    '*Pod*\ncheckout-7d9f-abcde',
    '*Count (last 5 min)*\n3 (3 in all)',
  ]);
  assert.match(receiver.received[0]?.body ?? '', /Logs in Discover/);
  assert.match(receiver.received[0]?.body ?? '', /Trace 4bf92f3577b34da6a3ce929d0e0e4736/);
  assert.match(message.text, /^new error in checkout: Error: x+…/);
  assert.equal(await counter('kansoku_forwarder_notifications_sent_total'), 1);
});

test('at most one message a second per webhook', async (t) => {
  const { receiver, enqueue, sendTimes } = await setup(t);
  enqueue(alert('a-1'), alert('b-1'), alert('c-1'));
  await waitFor('three messages', () => receiver.received.length === 3);
  assert.equal(sendTimes.length, 3);
  for (let i = 1; i < sendTimes.length; i++) {
    const gap = (sendTimes[i] as number) - (sendTimes[i - 1] as number);
    assert.ok(gap >= 1000, `gap ${i}: ${gap} ms`);
  }
});

test('429 with Retry-After: waits as told, then delivers', async (t) => {
  const { receiver, store, enqueue, counter } = await setup(t);
  receiver.answer = (_r, i) =>
    i === 0 ? { status: 429, body: 'rate_limited', headers: { 'retry-after': '2' } } : { status: 200, body: 'ok' };
  enqueue(alert('a-1'));
  await waitFor('the retry', () => receiver.received.length === 2 && store.pending('slack') === 0);
  const [first, second] = receiver.received;
  assert.ok((second?.at ?? 0) - (first?.at ?? 0) >= 1990, 'Retry-After: 2 was honoured');
  assert.equal(await counter('kansoku_forwarder_notifications_rate_limited_total'), 1);
  assert.equal(await counter('kansoku_forwarder_notifications_sent_total'), 1);
});

test('400/404/410 with Slack’s error strings are not retried; 500 rollup_error is', async (t) => {
  const { receiver, store, enqueue, counter } = await setup(t);
  const permanent: Record<string, [number, string]> = {
    'p400-1': [400, 'invalid_payload'],
    'p404-1': [404, 'channel_not_found'],
    'p410-1': [410, 'channel_is_archived'],
  };
  let rollups = 0;
  receiver.answer = (r) => {
    const key = (JSON.parse(r.body) as { blocks: { elements?: { text: string }[] }[] }).blocks
      .flatMap((b) => b.elements ?? [])
      .map((e) => /alert `([^`]+)`/.exec(e.text)?.[1])
      .find(Boolean) as string;
    const answer = permanent[key];
    if (answer) return { status: answer[0], body: answer[1] };
    return rollups++ === 0 ? { status: 500, body: 'rollup_error' } : { status: 200, body: 'ok' };
  };
  enqueue(alert('p400-1'), alert('p404-1'), alert('p410-1'), alert('ok-1'));
  await waitFor('every alert settled', () => store.pending('slack') === 0, 30_000);
  const keysSent = receiver.received.map((r) => /alert `([^`]+)`/.exec(r.body)?.[1]);
  for (const key of Object.keys(permanent)) assert.equal(keysSent.filter((k) => k === key).length, 1, key);
  assert.equal(keysSent.filter((k) => k === 'ok-1').length, 2, 'a 500 is retried once, then ok');
  assert.equal(await counter('kansoku_forwarder_notifications_failed_total'), 3);
  assert.equal(await counter('kansoku_forwarder_notifications_sent_total'), 1);
});

test('digest mode: many alerts at once go out as one summary', async (t) => {
  const { receiver, store, enqueue } = await setup(t, { digest: true });
  enqueue(...['a', 'b', 'c', 'd'].map((k) => alert(`${k}-1`, { service: `svc-${k}` })));
  await waitFor('the digest', () => receiver.received.length === 1 && store.pending('slack') === 0);
  const body = receiver.received[0]?.body ?? '';
  assert.match(body, /"text":"4 error groups fired"/);
  for (const k of ['a', 'b', 'c', 'd']) assert.match(body, new RegExp(`svc-${k}`));
});
