import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runPipeline } from '../../../src/fluentd/contract/pipeline.js';

test('a file becomes Elasticsearch documents in the UTC day index of their time, errors are forwarded', () => {
  const id = 'c'.repeat(64);
  const out = runPipeline({
    path: `/var/log/containers/p-1_ns_c-${id}.log`,
    content: [
      '2026-12-31T23:59:59.999999999Z stdout F {"log.level":"error","message":"late"}',
      '2027-01-01T00:00:00.000000001Z stdout F {"log.level":"info","message":"early"}',
    ].join('\n'),
    cluster: { pods: [], namespaces: [] },
    maxMessageBytes: 1024,
    indexPrefix: 'logs',
    now: 'NOW',
  });
  assert.deepEqual(
    out.documents.map((d) => [d.index, d.source.message]),
    [
      ['logs-2026.12.31', 'late'],
      ['logs-2027.01.01', 'early'],
    ],
  );
  assert.deepEqual(out.forwarded, [out.documents[0]?.id]);
});
