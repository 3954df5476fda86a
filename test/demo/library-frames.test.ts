// The demo's forwarder does not count the library's own frames as the shop's: the pattern
// names the folder the library is really loaded from, and nothing of the shop's. The stack is
// one the demo logged (an order whose product look-up failed, 2026-12-01), its paths moved to
// this checkout: without the pattern the library's interceptor frame leads the group and its
// top frames, and a change in the library's frames (another interceptor function, as a switch
// or an upgrade of the library makes) forms a second group for the same failure; with it the
// shop's frames alone decide.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { libraryInAppExclude } from '../../src/demo/library-frames.js';
import { createFingerprinter } from '../../src/forwarder/model/fingerprint.js';
import { record } from '../forwarder/helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const patterns = libraryInAppExclude();
const matches = (path: string) => patterns.some((p) => new RegExp(p).test(path));

const LOGGED = `Error: 2 UNKNOWN: Unknown error
    at callErrorFromStatus (${root}node_modules/@grpc/grpc-js/src/call.ts:84:17)
    at Object.onReceiveStatus (${root}node_modules/@grpc/grpc-js/src/client.ts:360:55)
    at <anonymous> (${root}node_modules/@grpc/grpc-js/src/call-interface.ts:179:27)
    at Object.onReceiveStatus (${root}instrumentation/src/interceptors/client-interceptor.ts:62:13)
    at InterceptingListenerImpl.onReceiveStatus (${root}node_modules/@grpc/grpc-js/src/call-interface.ts:175:19)
    at Object.onReceiveStatus (${root}node_modules/@grpc/grpc-js/src/client-interceptors.ts:466:34)
    at Object.onReceiveStatus (${root}node_modules/@grpc/grpc-js/src/client-interceptors.ts:424:48)
    at <anonymous> (${root}node_modules/@grpc/grpc-js/src/resolving-call.ts:206:24)
    at process.processTicksAndRejections (node:internal/process/task_queues:77:11)
for call at
    at ServiceClientImpl.makeUnaryRequest (${root}node_modules/@grpc/grpc-js/src/client.ts:325:42)
    at ServiceClientImpl.<anonymous> (${root}node_modules/@grpc/grpc-js/src/make-client.ts:189:15)
    at <anonymous> (${root}src/demo/shop-service.ts:55:14)
    at new Promise (<anonymous>)
    at lookUp (${root}src/demo/shop-service.ts:53:12)
    at <anonymous> (${root}src/demo/shop-service.ts:84:69)
    at Object.PlaceOrder (${root}src/demo/shop-service.ts:98:7)
    at Object.onReceiveHalfClose (${root}node_modules/@grpc/grpc-js/src/server.ts:2054:17)
    at receiveHalfClose (${root}instrumentation/src/interceptors/observed-server-call.ts:149:77)
    at AsyncLocalStorage.run (node:async_hooks:346:14)`;

const failure = (stack: string) =>
  record({
    'service.name': 'kansoku-demo-shop',
    'error.type': 'Error',
    'error.message': '2 UNKNOWN: Unknown error',
    'error.stack_trace': stack,
  });

test("the pattern names the library's real folder and nothing of the shop's", () => {
  const entry = createRequire(import.meta.url).resolve('@kansoku/instrumentation');
  assert.ok(matches(entry), `${entry} against ${patterns.join(', ')}`);
  assert.ok(matches(`file://${root}instrumentation/src/interceptors/client-interceptor.ts`));
  assert.ok(!matches(`${root}src/demo/shop-service.ts`));
  assert.ok(!matches(`${root}node_modules/@grpc/grpc-js/src/client.ts`), 'only the library');
});

test("with the demo's patterns the shop's frames alone decide the group and lead the alert", () => {
  const plain = createFingerprinter();
  const demo = createFingerprinter(patterns);
  const logged = failure(LOGGED);
  assert.match(plain(logged).topFrames[0] ?? '', /instrumentation\/src\/interceptors\/client-interceptor\.ts/);
  assert.deepEqual(demo(logged).topFrames, [
    `at <anonymous> (${root}src/demo/shop-service.ts:55:14)`,
    `at lookUp (${root}src/demo/shop-service.ts:53:12)`,
    `at <anonymous> (${root}src/demo/shop-service.ts:84:69)`,
    `at Object.PlaceOrder (${root}src/demo/shop-service.ts:98:7)`,
  ]);
  // The same failure through other library frames: two groups without the patterns, one with.
  const changed = failure(
    LOGGED.replace('Object.onReceiveStatus (', 'TracingListener.onReceiveStatus (').replace(
      'receiveHalfClose (',
      'observeHalfClose (',
    ),
  );
  assert.notEqual(plain(changed).id, plain(logged).id);
  assert.equal(demo(changed).id, demo(logged).id);
});
