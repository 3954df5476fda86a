import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertText } from '../../src/demo/alert-text.js';
import type { Alert } from '../../src/forwarder/model/alert.js';

const alert: Alert = {
  key: 'ab12-1',
  reason: 'new',
  fingerprint: 'ab12',
  title: 'RangeError: discount <int> exceeds order total <int>',
  service: 'kansoku-demo-shop',
  namespace: 'kansoku-demo',
  pod: 'kansoku-demo-shop-1a2b3c4d5-e6f7a',
  errorType: 'RangeError',
  countInWindow: 3,
  windowSeconds: 60,
  total: 7,
  firstSeen: '2026-12-01T17:00:01.000Z',
  lastSeen: '2026-12-01T17:00:09.500Z',
  sampleMessage: 'discount 6001 exceeds order total 6000\nsecond line',
  topFrames: [
    '    at applyDiscount (/app/src/demo/shop-service.ts:45:45)',
    '    at PlaceOrder (/app/src/demo/shop-service.ts:83:19)',
    '    at a third frame',
    '    at a fourth frame',
  ],
  traceId: '0af7651916cd43dd8448eb211c80319c',
  traceUrl: 'http://127.0.0.1:16686/trace/0af7651916cd43dd8448eb211c80319c',
  firedAt: '2026-12-01T17:00:10.000Z',
};

test('an alert reads as service, why it fired, the count, the sample, the top three frames and the trace link', () => {
  assert.equal(
    alertText(alert),
    [
      'ALERT  kansoku-demo-shop (kansoku-demo/kansoku-demo-shop-1a2b3c4d5-e6f7a): new error',
      '  RangeError: discount <int> exceeds order total <int>',
      '  count    3 in the last 60 s, 7 in all; first seen 17:00:01, last seen 17:00:09 UTC',
      '  sample   discount 6001 exceeds order total 6000',
      '  frames   at applyDiscount (/app/src/demo/shop-service.ts:45:45)',
      '           at PlaceOrder (/app/src/demo/shop-service.ts:83:19)',
      '           at a third frame',
      '  trace    http://127.0.0.1:16686/trace/0af7651916cd43dd8448eb211c80319c',
    ].join('\n'),
  );
});

test('without a trace link the trace id is shown; without namespace and pod, the service alone', () => {
  const { traceUrl: _, ...bare } = alert;
  const text = alertText({ ...bare, namespace: '', pod: '', reason: 'recurring', topFrames: [] });
  assert.match(text, /^ALERT {2}kansoku-demo-shop: still happening\n/);
  assert.match(text, /\n {2}trace {4}0af7651916cd43dd8448eb211c80319c$/);
  assert.doesNotMatch(text, /frames/);
});
