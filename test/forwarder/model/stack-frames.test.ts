import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFrames } from '../../../src/forwarder/model/stack-frames.js';

test('V8 frames: function and base name, no line numbers; node_modules and node: internals are not in-app', () => {
  const frames = parseFrames(
    [
      'TypeError: boom',
      '    at charge (/app/src/Payment.js:42:17)',
      '    at async Checkout.pay (file:///app/src/checkout.mjs:88:5)',
      '    at /app/src/index.js:3:1',
      '    at Server.handler (/app/node_modules/@grpc/grpc-js/build/src/server.js:1200:7)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n'),
  );
  assert.deepEqual(
    frames.map((f) => [f.fn, f.file, f.inApp]),
    [
      ['charge', 'payment.js', true],
      ['Checkout.pay', 'checkout.mjs', true],
      ['', 'index.js', true],
      ['Server.handler', 'server.js', false],
      ['process.processTicksAndRejections', 'task_queues', false],
    ],
  );
  assert.equal(frames[0]?.raw, 'at charge (/app/src/Payment.js:42:17)');
});

test('Java and Python frames', () => {
  const java = parseFrames(
    [
      'java.lang.IllegalStateException: nope',
      '\tat com.shop.Checkout.pay(Checkout.java:42)',
      '\tat com.shop.Checkout.lambda$run$3(Checkout.java:10)',
      '\tat java.base/java.lang.Thread.run(Thread.java:833)',
    ].join('\n'),
  );
  assert.deepEqual(
    java.map((f) => [f.fn, f.inApp]),
    [
      ['Checkout.pay', true],
      ['Checkout.lambda$run', true],
      ['Thread.run', false],
    ],
  );
  const python = parseFrames(
    [
      'Traceback (most recent call last):',
      '  File "/app/shop/views.py", line 12, in checkout',
      '  File "/usr/lib/python3.11/site-packages/requests/api.py", line 59, in get',
    ].join('\n'),
  );
  assert.deepEqual(
    python.map((f) => [f.fn, f.file, f.inApp]),
    [
      ['checkout', 'views.py', true],
      ['get', 'api.py', false],
    ],
  );
});

test('recursion collapses; extra not-in-app patterns apply', () => {
  const frames = parseFrames(
    '    at walk (/app/tree.js:5:3)\n    at walk (/app/tree.js:7:3)\n    at walk (/app/tree.js:7:3)\n    at main (/app/vendor/lib.js:1:1)',
    [/\/vendor\//],
  );
  assert.deepEqual(
    frames.map((f) => [f.fn, f.inApp]),
    [
      ['walk', true],
      ['main', false],
    ],
  );
});
