import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { eventIdSeed, identify } from '../../../src/fluentd/contract/identity.js';

test('event.id is base64(sha256(tag|time|stream|message|unmatched_line)) and the time moves to _kansoku_time', () => {
  const record = { stream: 'stdout', message: 'hello', time: '2026-12-01T14:00:00.000000001Z' };
  const seed = 'raw.kubernetes.x|2026-12-01T14:00:00.000000001Z|stdout|hello|';
  assert.equal(eventIdSeed('raw.kubernetes.x', record), seed);
  const [out] = identify([{ tag: 'raw.kubernetes.x', record }]);
  assert.deepEqual(out?.record, {
    stream: 'stdout',
    message: 'hello',
    _kansoku_event_id: createHash('sha256').update(seed).digest('base64'),
    _kansoku_time: '2026-12-01T14:00:00.000000001Z',
  });
});

test('the same line in another container, stream or time gets another id', () => {
  const base = { stream: 'stdout', message: 'same', time: 't' };
  const ids = [
    identify([{ tag: 'a', record: base }]),
    identify([{ tag: 'b', record: base }]),
    identify([{ tag: 'a', record: { ...base, stream: 'stderr' } }]),
    identify([{ tag: 'a', record: { ...base, time: 't2' } }]),
  ].map((e) => e[0]?.record._kansoku_event_id);
  assert.equal(new Set(ids).size, 4);
});

test('an unmatched line becomes the message', () => {
  const [out] = identify([{ tag: 'a', record: { unmatched_line: 'garbage' } }]);
  assert.deepEqual(Object.keys(out?.record ?? {}).sort(), ['_kansoku_event_id', '_kansoku_time', 'message']);
  assert.equal(out?.record.message, 'garbage');
  assert.equal(out?.record._kansoku_time, null);
});
