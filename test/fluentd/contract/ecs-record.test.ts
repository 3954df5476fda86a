import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toEcsRecords } from '../../../src/fluentd/contract/ecs-record.js';

const base = { _kansoku_event_id: 'id1', _kansoku_time: '2026-12-01T14:00:00.000000001Z', stream: 'stdout' };
const run = (message: unknown, maxMessageBytes = 1024) =>
  toEcsRecords([{ tag: 'kubernetes.x', record: { ...base, message } }], { maxMessageBytes, now: 'NOW' })[0]?.record;

test('a JSON object becomes the fields; the runtime time and event.id win over the line own', () => {
  assert.deepEqual(run('{"log.level":"info","@timestamp":"app","message":"m","event.id":"app","n":1}'), {
    stream: 'stdout',
    'log.level': 'info',
    '@timestamp': '2026-12-01T14:00:00.000000001Z',
    message: 'm',
    'event.id': 'id1',
    n: 1,
  });
});

test('text, JSON arrays and JSON scalars stay text in message', () => {
  for (const text of ['plain text', '[1,2]', '  [{"a":1}]', '42', '{"cut": '])
    assert.deepEqual(run(text), {
      stream: 'stdout',
      message: text,
      '@timestamp': base._kansoku_time,
      'event.id': 'id1',
    });
});

test('levels: pino numbers and strings become log.level, an existing log.level stays; msg becomes message', () => {
  assert.equal(run('{"level":50,"msg":"m"}')?.['log.level'], 'error');
  assert.equal(run('{"level":50,"msg":"m"}')?.message, 'm');
  assert.equal(run('{"level":"WARN"}')?.['log.level'], 'warn');
  assert.equal(run('{"level":35}')?.['log.level'], '35');
  assert.equal(run('{"level":50,"log.level":"info"}')?.['log.level'], 'info');
  assert.equal(run('{"message":"a"}')?.['log.level'], undefined);
});

test('a multi-line text message is a stack trace; a JSON line keeps its own', () => {
  assert.equal(run('Error: x\n    at f')?.['error.stack_trace'], 'Error: x\n    at f');
  assert.equal(run('{"message":"a\\nb"}')?.['error.stack_trace'], undefined);
});

test('a message over the limit is cut on a character boundary, which makes a JSON line text', () => {
  const out = run('{"message":"ééé"}', 14);
  assert.equal(out?.message, '{"message":"é');
  assert.equal(Buffer.byteLength(String(out?.message)) <= 14, true);
});

test('a line without a runtime time takes Fluentd clock', () => {
  const out = toEcsRecords([{ tag: 't', record: { _kansoku_event_id: 'x', _kansoku_time: null, message: 'm' } }], {
    maxMessageBytes: 10,
    now: 'NOW',
  });
  assert.equal(out[0]?.record['@timestamp'], 'NOW');
});
