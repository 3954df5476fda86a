// Reading google.rpc.RetryInfo out of grpc-status-details-bin: the delay (seconds and nanos)
// behind other details, base64 with or without padding; no RetryInfo, and bytes that do not
// parse, read as no RetryInfo rather than as a failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryInfoFromStatusDetails } from '../src/tracing/otlp/retry-info.js';
import { statusWithRetryInfo } from './helpers/scripted-collectors.js';

test('the delay of a RetryInfo behind another detail', () => {
  assert.deepEqual(retryInfoFromStatusDetails(statusWithRetryInfo(8, 1_250).toString('base64')), { delayMs: 1_250 });
  assert.deepEqual(retryInfoFromStatusDetails(statusWithRetryInfo(8, 0).toString('base64')), { delayMs: 0 });
  // grpc-js and some servers send base64 without padding.
  const unpadded = statusWithRetryInfo(14, 70_000).toString('base64').replace(/=+$/, '');
  assert.deepEqual(retryInfoFromStatusDetails([unpadded]), { delayMs: 70_000 });
});

test('no RetryInfo, no header, or bytes that are not a Status: undefined', () => {
  // google.rpc.Status { code: 8, message: "x" } without details.
  assert.equal(retryInfoFromStatusDetails(Buffer.from([0x08, 0x08, 0x12, 0x01, 0x78]).toString('base64')), undefined);
  assert.equal(retryInfoFromStatusDetails(undefined), undefined);
  assert.equal(retryInfoFromStatusDetails(Buffer.from([0x1a, 0x40, 0x0a]).toString('base64')), undefined);
  assert.equal(retryInfoFromStatusDetails('%%% not base64'), undefined);
});
