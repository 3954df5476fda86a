import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFingerprinter } from '../../../src/forwarder/model/fingerprint.js';
import {
  GO_HTTP_PANIC,
  GO_NIL_MAP,
  GO_ORDER_88_REFUND,
  GO_ORDER_4711,
  GO_ORDER_4711_REBUILT,
  GO_ORDER_4712,
} from '../../fixtures/go-panics.js';
import { record } from '../helpers.js';

const fingerprint = createFingerprinter();
const stack = (line: number, fn = 'charge') =>
  `TypeError: x\n    at ${fn} (/app/src/payment.js:${line}:17)\n    at pay (/app/src/checkout.js:${line + 40}:5)\n    at h (/app/node_modules/x/y.js:${line}:1)`;

test('same service, type and in-app frames group together whatever the line numbers and message values', () => {
  const a = fingerprint(record({ 'error.stack_trace': stack(42), 'error.message': 'order 1 failed' }));
  const b = fingerprint(
    record({ 'error.stack_trace': stack(57), 'error.message': 'order 2 failed', 'kubernetes.pod_name': 'other' }),
  );
  assert.equal(a.id, b.id);
  assert.match(a.id, /^[0-9a-f]{32}$/);
  assert.deepEqual(a.topFrames, ['at charge (/app/src/payment.js:42:17)', 'at pay (/app/src/checkout.js:82:5)']);
});

test('another function, type or service is another group', () => {
  const base = fingerprint(record({ 'error.stack_trace': stack(42) }));
  assert.notEqual(fingerprint(record({ 'error.stack_trace': stack(42, 'refund') })).id, base.id);
  assert.notEqual(fingerprint(record({ 'error.stack_trace': stack(42), 'error.type': 'RangeError' })).id, base.id);
  assert.notEqual(fingerprint(record({ 'error.stack_trace': stack(42), 'service.name': 'cart' })).id, base.id);
});

test('frames outside the app change nothing', () => {
  const a = fingerprint(record({ 'error.stack_trace': stack(42) }));
  const b = fingerprint(
    record({ 'error.stack_trace': stack(42).replace('node_modules/x/y.js', 'node_modules/z/w.js') }),
  );
  assert.equal(a.id, b.id);
});

test('without a stack the normalized message decides, and the title shows it', () => {
  const noStack = { 'error.stack_trace': '', 'error.type': '', 'error.message': '' };
  const a = fingerprint(record({ ...noStack, message: 'lookup of user 17 failed: timeout after 300ms' }));
  const b = fingerprint(record({ ...noStack, message: 'lookup of user 99 failed: timeout after 5s' }));
  const c = fingerprint(record({ ...noStack, message: 'lookup of cart 99 failed' }));
  assert.equal(a.id, b.id);
  assert.notEqual(a.id, c.id);
  assert.equal(a.title, 'lookup of user <int> failed: timeout after <duration>');
  assert.deepEqual(a.topFrames, []);
});

test('Go panics: the same place groups together whatever the message, addresses and line numbers; another place does not', () => {
  const go = (trace: string) =>
    fingerprint(
      record({ message: trace.split('\n')[0], 'error.type': '', 'error.message': '', 'error.stack_trace': trace }),
    );
  const first = go(GO_ORDER_4711);
  assert.equal(go(GO_ORDER_4712).id, first.id, 'another order id and other argument addresses');
  assert.equal(go(GO_ORDER_4711_REBUILT).id, first.id, 'a rebuild that moved main.main by seven lines');
  assert.deepEqual(first.topFrames, [
    'main.(*store).order (/app/main.go:16)',
    'main.main.handler.func1 (/app/main.go:28)',
    'main.main (/app/main.go:41)',
  ]);
  assert.notEqual(go(GO_ORDER_88_REFUND).id, first.id, 'the same panic reached through another caller');
  assert.notEqual(go(GO_NIL_MAP).id, first.id, 'a nil map read elsewhere');
  // Inside net/http, the runtime and the server's frames are not the group; the handler's are.
  assert.deepEqual(go(GO_HTTP_PANIC).topFrames, [
    'main.(*store).order (/app/main.go:16)',
    'main.main.handler.func1 (/app/main.go:28)',
  ]);
});
