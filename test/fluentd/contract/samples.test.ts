// The record contract: the committed expected records are what the model computes from
// the sample files (npm run check:generated also holds them to it), the model's fixed
// assumptions are the values fluentd/*.conf sets, and the records keep their promises
// checked here independently of the model (ids, times, joins, no nulls).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONCAT_BUFFER_LIMIT } from '../../../src/fluentd/contract/partial-lines.js';
import { readContracts, runSample, sampleFiles } from '../../../src/fluentd/contract/samples.js';
import { checkFluentdConfig } from '../../../src/fluentd/index.js';
import type { ConfigElement } from '../../../src/fluentd/syntax.js';

const ROOT = join(import.meta.dirname, '../../..');

function byId(root: ConfigElement, id: string): Record<string, string | null> {
  const find = (e: ConfigElement): ConfigElement | undefined =>
    e.params.some((p) => p.key === '@id' && p.value === id) ? e : e.elements.map(find).find(Boolean);
  const found = find(root);
  assert.ok(found, `no plugin with @id ${id}`);
  return Object.fromEntries(found.params.map((p) => [p.key, p.value]));
}

test('the committed contract is what the model computes from the samples', () => {
  const contracts = readContracts();
  assert.equal(contracts.length, sampleFiles().length);
  for (const contract of contracts) {
    const { documents, forwarded } = runSample(contract.file);
    assert.deepEqual({ documents, forwarded }, { documents: contract.documents, forwarded: contract.forwarded });
  }
});

test('the values the model takes as given are the ones fluentd/ sets', () => {
  const { root } = checkFluentdConfig(join(ROOT, 'fluentd/fluent.conf'));
  assert.ok(root);
  assert.deepEqual(
    (({ use_record_as_seed, include_tag_in_seed, record_keys, separator, hash_type, hash_id_key }) => ({
      use_record_as_seed,
      include_tag_in_seed,
      record_keys,
      separator,
      hash_type,
      hash_id_key,
    }))(byId(root, 'filter_event_id')),
    {
      use_record_as_seed: 'true',
      include_tag_in_seed: 'true',
      record_keys: 'time,stream,message,unmatched_line',
      separator: '|',
      hash_type: 'sha256',
      hash_id_key: '_kansoku_event_id',
    },
  );
  const cri = byId(root, 'filter_concat_cri');
  assert.deepEqual(
    [cri.separator, cri.partial_cri_stream_key, cri.use_first_timestamp, cri.stream_identity_key],
    ['', 'logtag', 'true', 'stream'],
  );
  const docker = byId(root, 'filter_concat_docker');
  assert.deepEqual(
    [
      docker.separator,
      docker.partial_key,
      docker.partial_value,
      docker.buffer_limit_size,
      docker.buffer_overflow_method,
    ],
    ['', 'docker_newline', '', '1m', 'new'],
  );
  // Fluentd's size "1m" is 1024 × 1024 bytes.
  assert.equal(DEFAULT_CONCAT_BUFFER_LIMIT, 1024 * 1024);
  const exceptions = byId(root, 'out_detect_exceptions');
  assert.deepEqual(
    [
      exceptions.languages,
      exceptions.force_line_breaks,
      exceptions.max_lines,
      exceptions.max_bytes,
      exceptions.stream,
      exceptions.remove_tag_prefix,
    ],
    ['java,js,python,go', 'true', '1000', '1048576', 'stream', 'raw'],
  );
  const es = byId(root, 'out_elasticsearch');
  assert.deepEqual(
    [es.logstash_prefix, es.logstash_dateformat, es.id_key, es.utc_index],
    ['kansoku-logs', '%Y.%m.%d', "$['event.id']", 'true'],
  );
  const message = root.elements
    .flatMap(function all(e): ConfigElement[] {
      return [e, ...e.elements.flatMap(all)];
    })
    .find((e) => e.params.some((p) => p.key === '@id' && p.value === 'filter_parser_message'));
  const patterns = message?.elements[0]?.elements.map((p) => p.params.find((x) => x.key === 'format')?.value);
  assert.deepEqual(patterns, ['regexp', 'json', 'none']);
});

test('each record keeps the promises of the contract', () => {
  for (const contract of readContracts()) {
    const raw = readFileSync(join(ROOT, 'fluentd/samples/containers', contract.file), 'utf8');
    const rawTimes = raw
      .trim()
      .split('\n')
      .map((line) => (line.startsWith('{') ? (JSON.parse(line) as { time: string }).time : line.split(' ')[0]));
    const ids = new Set<string>();
    for (const doc of contract.documents) {
      const s = doc.source;
      assert.equal(doc.id, s['event.id']);
      assert.match(doc.id, /^[A-Za-z0-9+/]{43}=$/);
      ids.add(doc.id);
      assert.ok(
        rawTimes.includes(String(s['@timestamp'])),
        `@timestamp ${s['@timestamp']} is a runtime time of the file`,
      );
      assert.equal(doc.index, `kansoku-logs-${String(s['@timestamp']).slice(0, 10).replaceAll('-', '.')}`);
      assert.ok(!JSON.stringify(s).includes('null'), 'no field is null');
      assert.ok(
        !Object.keys(s).some((k) => k.startsWith('_kansoku') || ['logtag', 'docker_newline', 'log'].includes(k)),
      );
      const labels = (s.kubernetes as { labels?: Record<string, string> }).labels ?? {};
      assert.ok(!Object.keys(labels).some((k) => k.includes('.')), 'label keys carry no dots');
    }
    assert.equal(ids.size, contract.documents.length, 'event ids are unique');
    for (const id of contract.forwarded) assert.ok(ids.has(id));
  }
});

test('the first record of a file: its event.id is the hash of the line as the runtime wrote it', () => {
  for (const contract of readContracts()) {
    const raw = readFileSync(join(ROOT, 'fluentd/samples/containers', contract.file), 'utf8').split('\n')[0] as string;
    const tag = `raw.kubernetes.var.log.containers.${contract.file}`;
    const [time, stream, text] = raw.startsWith('{')
      ? (() => {
          const d = JSON.parse(raw) as { time: string; stream: string; log: string };
          return [d.time, d.stream, d.log.replace(/\n$/, '')];
        })()
      : [raw.split(' ')[0], raw.split(' ')[1], raw.split(' ').slice(3).join(' ')];
    const expected = createHash('sha256').update(`${tag}|${time}|${stream}|${text}|`).digest('base64');
    assert.equal(contract.documents[0]?.id, expected);
  }
});

test('joins: the split pino line is one JSON record, traces are one record each, errors are forwarded', () => {
  const [billing, shop] = readContracts();
  const cart = shop?.documents.find((d) => d.source.message === 'cart contents');
  assert.deepEqual(cart?.source.cart, {
    items: [
      { sku: 'A-1', qty: 2 },
      { sku: 'B-7', qty: 1 },
    ],
    note: 'leave at the door, ring twice',
  });
  const traces = [...(billing?.documents ?? []), ...(shop?.documents ?? [])].filter(
    (d) => d.source['error.stack_trace'],
  );
  assert.deepEqual(
    traces.map((d) => String(d.source['error.stack_trace']).split('\n')[0]),
    [
      'Traceback (most recent call last):',
      'panic: runtime error: index out of range [3] with length 3',
      'PaymentDeclinedError: card declined',
      "TypeError: Cannot read properties of undefined (reading 'id')",
    ],
  );
  assert.equal(
    billing?.documents.find((d) => String(d.source.message).startsWith('a long line'))?.source.message,
    'a long line the runtime split into two pieces',
  );
  // An application's own "time" is kept; the runtime's is @timestamp.
  const plainPino = shop?.documents.find((d) => d.source.msg === 'stock service unreachable');
  assert.deepEqual(
    [plainPino?.source.time, plainPino?.source['@timestamp']],
    [1764597603000, '2026-12-01T14:00:03.000000001Z'],
  );
  const forwardedMessages = [...(billing?.forwarded ?? []), ...(shop?.forwarded ?? [])].length;
  assert.equal(forwardedMessages, 6);
});
