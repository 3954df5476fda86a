import assert from 'node:assert/strict';
import { test } from 'node:test';
import { field, toRecord } from '../../../src/forwarder/model/record.js';
import { errorRecord } from '../helpers.js';

test('flat dotted ECS keys and nested objects read the same', () => {
  assert.equal(field({ 'service.name': 'a' }, 'service.name'), 'a');
  assert.equal(field({ service: { name: 'b' } }, 'service.name'), 'b');
  assert.equal(
    field({ kubernetes: { labels: { 'app.kubernetes.io/name': 'c' } } }, 'kubernetes.labels.app.kubernetes.io/name'),
    'c',
  );
  assert.equal(field({ error: { stack_trace: 's' } }, 'error.stack_trace'), 's');
});

test('a pipeline record becomes a LogRecord with every field the forwarder uses', () => {
  const result = toRecord(errorRecord());
  assert.ok('record' in result);
  const r = result.record;
  assert.equal(r.id, 'evt-1');
  assert.equal(r.timestamp, Date.parse('2026-12-01T10:00:00.000Z'));
  assert.equal(r.severity, 50);
  assert.equal(r.service, 'checkout');
  assert.equal(r.namespace, 'shop');
  assert.equal(r.pod, 'checkout-7d9f-abcde');
  assert.equal(r.errorType, 'TypeError');
  assert.equal(r.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
  assert.match(r.stackTrace, /at charge/);
});

test('pino numeric levels and a missing service are understood', () => {
  const result = toRecord({ time: 1796000000000, level: 60, msg: 'boom', kubernetes: { container_name: 'api' } });
  assert.ok('record' in result);
  assert.equal(result.record.severity, 60);
  assert.equal(result.record.service, 'api');
  assert.equal(result.record.message, 'boom');
});

test('without event.id the id is a stable hash of the record, so a retry dedups', () => {
  const raw = errorRecord({ 'event.id': undefined });
  const a = toRecord(raw);
  const b = toRecord(JSON.parse(JSON.stringify(raw)));
  assert.ok('record' in a && 'record' in b);
  assert.match(a.record.id, /^sha256:[0-9a-f]{40}$/);
  assert.equal(a.record.id, b.record.id);
  const c = toRecord(errorRecord({ 'event.id': undefined, message: 'other' }));
  assert.ok('record' in c);
  assert.notEqual(c.record.id, a.record.id);
});

test('unusable records say why', () => {
  assert.deepEqual(toRecord([1]), { problem: 'a record must be a JSON object' });
  assert.deepEqual(toRecord({ message: 'x' }), { problem: '@timestamp is missing or not a date' });
  assert.deepEqual(toRecord({ '@timestamp': 'yesterday', message: 'x' }), {
    problem: '@timestamp is missing or not a date',
  });
  assert.deepEqual(toRecord({ '@timestamp': '2026-12-01T00:00:00Z' }), {
    problem: 'neither message nor error.message is set',
  });
});
