import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEcsTimestamp, ecsLogFormatter } from '../src/logging/ecs-format.js';

test('the timestamp is ISO 8601 with milliseconds, built once per millisecond and per logger', (t) => {
  let now = Date.UTC(2026, 11, 1, 14, 0, 0, 123);
  t.mock.method(Date, 'now', () => now);
  const a = createEcsTimestamp();
  const b = createEcsTimestamp();
  const first = a();
  assert.equal(first, ',"@timestamp":"2026-12-01T14:00:00.123Z"');
  assert.equal(a(), first);
  assert.equal(b(), first);
  now += 1;
  assert.equal(a(), ',"@timestamp":"2026-12-01T14:00:00.124Z"');
});

test('err becomes the ECS error fields; fields set explicitly win', () => {
  const err = Object.assign(new RangeError('out'), { code: 'E_OUT' });
  const out = ecsLogFormatter({ err, 'error.code': 'KANSOKU_ERR_X', a: 1 });
  assert.equal(out['error.type'], 'RangeError');
  assert.equal(out['error.message'], 'out');
  assert.equal(out['error.code'], 'KANSOKU_ERR_X');
  assert.match(String(out['error.stack_trace']), /^RangeError: out\n/);
  assert.equal(out.a, 1);
  assert.equal(out.err, undefined);
});
