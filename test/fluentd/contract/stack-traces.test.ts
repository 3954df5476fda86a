import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluentEvent } from '../../../src/fluentd/contract/event.js';
import { joinStackTraces } from '../../../src/fluentd/contract/stack-traces.js';

const lines = (stream: string, ...messages: string[]): FluentEvent[] =>
  messages.map((message, i) => ({ tag: 'raw.kubernetes.x', record: { stream, message, n: i } }));

const messages = (events: FluentEvent[]) => events.map((e) => e.record.message);

test('a Node/Java trace becomes one record with its line breaks, the first line keeps its fields', () => {
  const out = joinStackTraces(
    lines('stderr', 'TypeError: boom', '    at a (a.js:1:1)', '    at b (b.js:2:2)', 'next line'),
  );
  assert.deepEqual(messages(out), ['TypeError: boom\n    at a (a.js:1:1)\n    at b (b.js:2:2)', 'next line']);
  assert.equal(out[0]?.record.n, 0);
  assert.equal(out[0]?.tag, 'kubernetes.x');
});

test('Python and Go traces', () => {
  const py = joinStackTraces(
    lines(
      'stderr',
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in <module>',
      '    f()',
      'KeyError: 1',
      'after',
    ),
  );
  assert.deepEqual(messages(py), [
    'Traceback (most recent call last):\n  File "a.py", line 1, in <module>\n    f()\nKeyError: 1',
    'after',
  ]);
  const go = joinStackTraces(
    lines('stderr', 'panic: boom', '', 'goroutine 7 [running]:', 'main.f(0x1)', '\t/m.go:3 +0x1', 'exit status 2'),
  );
  assert.deepEqual(messages(go), [
    'panic: boom\n\ngoroutine 7 [running]:\nmain.f(0x1)\n\t/m.go:3 +0x1',
    'exit status 2',
  ]);
});

test('streams do not mix, and lines that are no trace pass one by one', () => {
  const out = joinStackTraces([
    ...lines('stderr', 'Error: x'),
    ...lines('stdout', '    at looks like a frame'),
    ...lines('stderr', '    at f (f.js:1:1)'),
    ...lines('stdout', 'plain'),
  ]);
  assert.deepEqual(
    messages(out).sort(),
    ['    at looks like a frame', 'Error: x\n    at f (f.js:1:1)', 'plain'].sort(),
  );
});

test('a JSON line that mentions an error is not joined with the next JSON line', () => {
  const out = joinStackTraces(lines('stdout', '{"error.stack_trace":"TypeError: x\\n    at f"}', '{"message":"next"}'));
  assert.equal(out.length, 2);
});
