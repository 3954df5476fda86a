import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFrames } from '../../../src/forwarder/model/stack-frames.js';
import { GO_HTTP_PANIC, GO_ORDER_4711 } from '../../fixtures/go-panics.js';

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

test('Go: two-line frames, the runtime and standard library not in-app, only the panicking goroutine', () => {
  // GOTRACEBACK=all adds the other goroutines, in whatever state they were.
  const frames = parseFrames(
    `${GO_HTTP_PANIC}\n\ngoroutine 1 [IO wait]:\ninternal/poll.runtime_pollWait(0x7f3b2c1e8e00, 0x72)\n\t/usr/local/go/src/runtime/netpoll.go:351 +0x85\nmain.main()\n\t/app/main.go:37 +0x1c5`,
  );
  assert.deepEqual(
    frames.map((f) => [f.fn, f.file, f.inApp]),
    [
      ['net/http.(*conn).serve.func1', 'server.go', false],
      ['panic', 'panic.go', false],
      ['main.(*store).order', 'main.go', true],
      ['main.main.handler.func1', 'main.go', true],
      ['net/http.HandlerFunc.ServeHTTP', 'server.go', false],
      ['net/http.serverHandler.ServeHTTP', 'server.go', false],
      ['net/http.(*conn).serve', 'server.go', false],
      ['net/http.(*Server).Serve', 'server.go', false],
    ],
  );
  assert.equal(frames[2]?.raw, 'main.(*store).order (/app/main.go:16)');
  // An inlined frame has `(...)` and no pc offset.
  assert.deepEqual(
    parseFrames(GO_ORDER_4711).map((f) => f.raw),
    [
      'main.(*store).order (/app/main.go:16)',
      'main.main.handler.func1 (/app/main.go:28)',
      'main.main (/app/main.go:41)',
    ],
  );
});

test('Go: dependencies, -trimpath builds, another GOROOT, assembly frames, traces without arguments, extra patterns', () => {
  const frames = parseFrames(
    [
      'panic: boom',
      '',
      'goroutine 42 [running]:',
      'github.com/acme/shop/internal/orders.(*Service).Get(0xc000120000, {0xc00001a0a0, 0x4})',
      '\tgithub.com/acme/shop/internal/orders/service.go:31 +0x8d',
      'github.com/acme/shop/internal/platform.Recover(...)',
      '\t/src/internal/platform/recover.go:12',
      'google.golang.org/grpc.(*Server).processUnaryRPC(0xc000188000, {0xb8b0e0, 0xc0002b4000}, 0xc0001b6000)',
      '\t/go/pkg/mod/google.golang.org/grpc@v1.68.0/server.go:1394 +0xe2b',
      'github.com/lib/pq.(*conn).query(0xc0000a2000)',
      '\t/app/vendor/github.com/lib/pq/conn.go:880 +0x1f',
      'net/http.(*conn).serve(0xc0001a2000, {0xb8c4a8, 0xc00018e0f0})',
      '\tnet/http/server.go:2092 +0x5d0',
      'encoding/json.Marshal({0x6e3560, 0xc000012345})',
      '\t/usr/lib/go-1.22/src/encoding/json/encode.go:161 +0x45',
      'runtime.goexit({})',
      '\t/usr/local/go/src/runtime/asm_amd64.s:1700 +0x1',
    ].join('\n'),
    [/\/internal\/platform\//],
  );
  assert.deepEqual(
    frames.map((f) => [f.fn, f.file, f.inApp]),
    [
      ['github.com/acme/shop/internal/orders.(*Service).Get', 'service.go', true],
      ['github.com/acme/shop/internal/platform.Recover', 'recover.go', false],
      ['google.golang.org/grpc.(*Server).processUnaryRPC', 'server.go', false],
      ['github.com/lib/pq.(*conn).query', 'conn.go', false],
      ['net/http.(*conn).serve', 'server.go', false],
      ['encoding/json.Marshal', 'encode.go', false],
      ['runtime.goexit', 'asm_amd64.s', false],
    ],
  );
  // A logger's stack field (zap): functions without arguments, no goroutine header.
  assert.deepEqual(
    parseFrames('main.handler\n\t/app/main.go:42\nmain.main\n\t/app/main.go:12').map((f) => [f.fn, f.inApp]),
    [
      ['main.handler', true],
      ['main.main', true],
    ],
  );
});
