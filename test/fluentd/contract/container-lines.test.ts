import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readContainerLines, tailTag } from '../../../src/fluentd/contract/container-lines.js';

const PATH = '/var/log/containers/p_ns_c-0123.log';

test('in_tail tags a file with its path', () => {
  assert.equal(tailTag(PATH), 'raw.kubernetes.var.log.containers.p_ns_c-0123.log');
});

test('CRI lines split on the first three whitespace characters; the rest is the message as written', () => {
  const [a, b] = readContainerLines(
    PATH,
    '2026-12-01T14:00:00.000000001Z stdout F two  spaces kept\n2026-12-01T14:00:00.5+01:00 stderr P x\n',
  );
  assert.deepEqual(a?.record, {
    stream: 'stdout',
    logtag: 'F',
    message: 'two  spaces kept',
    time: '2026-12-01T14:00:00.000000001Z',
  });
  assert.equal(a?.tag, 'raw.kubernetes.var.log.containers.p_ns_c-0123.log');
  assert.deepEqual(b?.record, { stream: 'stderr', logtag: 'P', message: 'x', time: '2026-12-01T14:00:00.5+01:00' });
});

test('Docker json-file lines keep their fields; a line matching neither format is kept as unmatched_line', () => {
  const lines = readContainerLines(
    PATH,
    [
      '{"log":"hello\\n","stream":"stdout","time":"2026-12-01T14:00:00.000000001Z"}',
      '{"log":"no time","stream":"stdout"}',
      'garbage',
      '2026-12-01 stdout F not an RFC 3339 time',
    ].join('\n'),
  );
  assert.deepEqual(lines[0]?.record, { log: 'hello\n', stream: 'stdout', time: '2026-12-01T14:00:00.000000001Z' });
  assert.deepEqual(lines[1]?.record, { unmatched_line: '{"log":"no time","stream":"stdout"}' });
  assert.deepEqual(lines[2]?.record, { unmatched_line: 'garbage' });
  assert.deepEqual(lines[3]?.record, { unmatched_line: '2026-12-01 stdout F not an RFC 3339 time' });
});
