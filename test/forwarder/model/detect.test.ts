import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDetector } from '../../../src/forwarder/model/detect.js';
import { record } from '../helpers.js';

const plain = { 'error.type': '', 'error.stack_trace': '', 'error.message': '' };

test('level error or above counts; below it only with an exception or a stack trace', () => {
  const detect = createDetector({ minLevel: 'error', include: [], exclude: [] });
  assert.equal(detect(record({ ...plain, 'log.level': 'error' })), true);
  assert.equal(detect(record({ ...plain, 'log.level': 'fatal' })), true);
  assert.equal(detect(record({ ...plain, 'log.level': 'warn' })), false);
  assert.equal(detect(record({ ...plain, 'log.level': 'info' })), false);
  assert.equal(detect(record({ ...plain, 'log.level': 'info', 'error.type': 'RangeError' })), true);
  assert.equal(
    detect(record({ ...plain, 'log.level': 'warn', 'error.stack_trace': 'Error: x\n    at f (/a.js:1:1)' })),
    true,
  );
});

test('include rules must match one; exclude rules must match none', () => {
  const detect = createDetector({
    minLevel: 'error',
    include: [{ namespace: ['shop', 'payments'] }],
    exclude: [{ service: ['checkout'], message: 'card declined' }, { message: '^healthcheck' }],
  });
  assert.equal(detect(record({ 'kubernetes.namespace_name': 'shop', 'service.name': 'cart' })), true);
  assert.equal(detect(record({ 'kubernetes.namespace_name': 'kube-system' })), false);
  assert.equal(detect(record({ 'service.name': 'checkout', message: 'card declined for 4711' })), false);
  assert.equal(detect(record({ 'service.name': 'cart', message: 'card declined for 4711' })), true);
  assert.equal(detect(record({ message: 'healthcheck failed' })), false);
});
