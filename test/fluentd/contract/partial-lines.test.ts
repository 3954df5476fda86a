import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluentEvent } from '../../../src/fluentd/contract/event.js';
import { joinPartialLines } from '../../../src/fluentd/contract/partial-lines.js';

const tag = 'raw.kubernetes.x';
const cri = (stream: string, logtag: string, message: string, time: string): FluentEvent => ({
  tag,
  record: { stream, logtag, message, time },
});

test('CRI pieces are joined with nothing between them, per stream, keeping the first time and the stream', () => {
  const out = joinPartialLines([
    cri('stdout', 'P', '{"a":', 't1'),
    cri('stderr', 'F', 'other stream', 't2'),
    cri('stdout', 'P', '"b', 't3'),
    cri('stdout', 'F', 'c"}', 't4'),
  ]);
  assert.deepEqual(
    out.map((e) => e.record),
    [
      { stream: 'stderr', message: 'other stream', time: 't2' },
      { stream: 'stdout', message: '{"a":"bc"}', time: 't1' },
    ],
  );
});

test('Docker pieces (a log without its newline) are joined; the newline goes', () => {
  const d = (log: string, time: string): FluentEvent => ({ tag, record: { log, stream: 'stdout', time } });
  const out = joinPartialLines([d('first ', 't1'), d('second\n', 't2'), d('whole\n', 't3')]);
  assert.deepEqual(
    out.map((e) => e.record),
    [
      { stream: 'stdout', time: 't1', message: 'first second' },
      { stream: 'stdout', time: 't3', message: 'whole' },
    ],
  );
});

test('a line whose end never came is flushed with its bookkeeping keys, as concat times out', () => {
  const out = joinPartialLines([cri('stdout', 'P', 'never ', 't1'), cri('stdout', 'P', 'ends', 't2')]);
  assert.deepEqual(
    out.map((e) => e.record),
    [{ stream: 'stdout', logtag: 'P', message: 'never ends', time: 't1' }],
  );
});

test('Docker pieces past the buffer limit go on as records of their own (overflow "new"): nothing is dropped', () => {
  const d = (log: string, time: string): FluentEvent => ({ tag, record: { log, stream: 'stdout', time } });
  // Each piece is 50 bytes by concat's count (keys and values): stream+stdout, time+tN,
  // message+text, docker_newline+"" (the last, with "\n", 51).
  const piece = (text: string, time: string, end = false) => d(`${text.padEnd(11, '.')}${end ? '\n' : ''}`, time);
  const pieces = [piece('a', 't1'), piece('b', 't2'), piece('c', 't3'), piece('d', 't4', true)];
  assert.equal(
    Object.entries({ stream: 'stdout', time: 't1', message: 'a'.padEnd(11, '.'), docker_newline: '' }).reduce(
      (n, [k, v]) => n + k.length + v.length,
      0,
    ),
    50,
  );
  const messages = (limit: number) => joinPartialLines(pieces, limit).map((e) => [e.record.message, e.record.time]);
  assert.deepEqual(messages(1024), [['a..........b..........c..........d..........', 't1']]);
  // At most 101 bytes held: a+b (100) go when c comes, c+d (101) end the line.
  assert.deepEqual(messages(101), [
    ['a..........b..........', 't1'],
    ['c..........d..........', 't3'],
  ]);
  const out = joinPartialLines(pieces, 101);
  for (const e of out) assert.equal(e.record.docker_newline, undefined);
});
