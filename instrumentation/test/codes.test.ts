import assert from 'node:assert/strict';
import { test } from 'node:test';
import { status } from '@grpc/grpc-js';
import {
  GRPC_CODE_NAMES,
  GRPC_STATUS_NAMES,
  grpcCodeName,
  grpcStatusName,
  SERVER_ERROR_CODE_NAMES,
} from '../src/grpc/codes.js';

test('the upper-snake names match grpc-js status enum at every index', () => {
  for (const [code, name] of GRPC_STATUS_NAMES.entries()) assert.equal(status[name], code);
  assert.equal(GRPC_CODE_NAMES.length, GRPC_STATUS_NAMES.length);
});

test('Go spelling: DeadlineExceeded, Canceled with one l, out-of-range codes are Unknown', () => {
  assert.equal(grpcCodeName(status.DEADLINE_EXCEEDED), 'DeadlineExceeded');
  assert.equal(grpcCodeName(status.CANCELLED), 'Canceled');
  assert.equal(grpcCodeName(status.OK), 'OK');
  assert.equal(grpcCodeName(42), 'Unknown');
  assert.equal(grpcStatusName(-1), 'UNKNOWN');
});

test('server-fault codes per the OpenTelemetry conventions', () => {
  assert.deepEqual(SERVER_ERROR_CODE_NAMES, [
    'Unknown',
    'DeadlineExceeded',
    'Unimplemented',
    'Internal',
    'Unavailable',
    'DataLoss',
  ]);
});
