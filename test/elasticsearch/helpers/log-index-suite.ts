// The log-index tests against one real Elasticsearch node, run for each major the
// pipeline writes to (log-index-setup.test.ts: 9.x; log-index-setup-es8.test.ts: 8.x):
// `kansoku es setup`'s objects are created, then updated by a second run; the record
// contract's documents (fluentd/samples/expected) are bulk-indexed through the template
// exactly as out_elasticsearch sends them and are found by trace id, service and level; a
// field whose value does not fit the mapping is kept and counted; lines the library ships
// directly land in the same template; and what the test distribution lacks is reported.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import {
  createObservability,
  ERROR_CODES,
  logFieldCatalog,
  METRICS,
  type Observability,
} from '@kansoku/instrumentation';
import { setupLogIndices } from '../../../src/elasticsearch/log-index-setup.js';
import { DEFAULT_LOG_TEMPLATE_OPTIONS } from '../../../src/elasticsearch/log-templates.js';
import { readContracts } from '../../../src/fluentd/contract/samples.js';
import { elasticsearchForFile, indexContractDocuments } from '../../helpers/elasticsearch-for-file.js';
import type { ElasticsearchDistribution } from '../../services/paths.js';

/** Registers the tests on one node of `distribution`, started once for the file. */
export function logIndexSuite(distribution: ElasticsearchDistribution): void {
  const es = elasticsearchForFile({ distribution });

  /** A fresh Observability shipping its lines to `index`; its stdout lines are collected. */
  function shipping(index: string): { obs: Observability; lines: Record<string, unknown>[] } {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write: (chunk, _e, cb) => {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        cb();
      },
    });
    const obs = createObservability({
      serviceName: 'checkout',
      env: {},
      tracing: false,
      metrics: { port: false, runtimeMetrics: false },
      logging: { destination: destination as never, elasticsearch: { node: es.url, index, flushIntervalMs: 50 } },
    });
    return { obs, lines };
  }

  test('setup creates the objects, says what the cluster lacks, and a second run only updates them', async () => {
    const first = await setupLogIndices(es.client, DEFAULT_LOG_TEMPLATE_OPTIONS);
    assert.deepEqual(first.features, { version: es.version, ilm: false, dataStreams: false });
    assert.deepEqual(
      first.steps.map((s) => [s.kind, s.name, s.result]),
      [
        ['lifecycle policy', 'kansoku-logs', 'skipped'],
        ['component template', 'kansoku-logs-mappings', 'created'],
        ['index template', 'kansoku-logs', 'created'],
      ],
    );
    assert.equal(first.missing.length, 2);
    assert.match(
      first.missing[0] as string,
      /^index lifecycle management \(ILM\): old kansoku-logs-\*, logs-kansoku-\* indices are not deleted after 30d/,
    );
    assert.match(first.missing[1] as string, /^data streams: not used by kansoku/);
    const second = await setupLogIndices(es.client, DEFAULT_LOG_TEMPLATE_OPTIONS);
    assert.deepEqual(
      second.steps.map((s) => s.result),
      ['skipped', 'updated', 'updated'],
    );
    const template = await es.client.indices.getIndexTemplate({ name: 'kansoku-logs' });
    assert.deepEqual(template.index_templates[0]?.index_template.index_patterns, ['kansoku-logs-*', 'logs-kansoku-*']);
  });

  test('the contract documents index through the template and are found by trace id, service and level', async () => {
    await setupLogIndices(es.client, DEFAULT_LOG_TEMPLATE_OPTIONS);
    await indexContractDocuments(es.client);
    // A retried chunk sends the same documents with the same ids: nothing is added.
    await indexContractDocuments(es.client);
    const total = readContracts().reduce((n, c) => n + c.documents.length, 0);
    assert.equal((await es.client.count({ index: 'kansoku-logs-*' })).count, total);

    const mapping = await es.client.indices.getMapping({ index: 'kansoku-logs-2026.12.01' });
    const props = mapping['kansoku-logs-2026.12.01']?.mappings.properties as Record<
      string,
      { type?: string; properties?: Record<string, { type?: string; properties?: Record<string, { type?: string }> }> }
    >;
    assert.equal(props.trace?.properties?.id?.type, 'keyword');
    assert.equal(props.message?.type, 'text');
    assert.equal(props.error?.properties?.stack_trace?.type, 'text');
    assert.equal(props.kubernetes?.properties?.labels?.properties?.['app_kubernetes_io/name']?.type, 'keyword');

    const search = async (query: Record<string, unknown>) =>
      (
        await es.client.search<Record<string, unknown>>({
          index: 'kansoku-logs-*',
          query,
          size: 100,
          sort: [{ '@timestamp': 'asc' }],
        })
      ).hits.hits.map((h) => h._source?.message);
    assert.deepEqual(await search({ term: { 'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736' } }), [
      'PlaceOrder OK',
      'cart contents',
    ]);
    assert.deepEqual(
      await search({ bool: { filter: [{ term: { 'service.name': 'billing' } }, { term: { 'log.level': 'error' } }] } }),
      ['charge failed'],
    );
    assert.equal((await search({ term: { 'log.level': 'error' } })).length, 3);
    assert.deepEqual(
      await search({ term: { 'kubernetes.labels.app_kubernetes_io/name': 'billing-worker' } }).then((m) => m.length),
      6,
    );
    const traces = await search({ match: { 'error.stack_trace': 'ValueError' } });
    assert.equal(traces.length, 1);
    assert.match(String(traces[0]), /^Traceback \(most recent call last\):\n/);
  });

  test('a value that does not fit its mapping keeps its document and is counted in _ignored', async () => {
    await setupLogIndices(es.client, DEFAULT_LOG_TEMPLATE_OPTIONS);
    await indexContractDocuments(es.client);
    // The contract's "process.pid": "one" (mapped long). (Its "level": "ERROR" and 50 share a
    // keyword field, which takes both.)
    const ignored = await es.client.search<Record<string, unknown>>({
      index: 'kansoku-logs-*',
      query: { exists: { field: '_ignored' } },
      fields: ['_ignored'],
      size: 10,
    });
    const byMessage = Object.fromEntries(
      ignored.hits.hits.map((h) => [String(h._source?.message), h.fields?._ignored]),
    );
    assert.deepEqual(byMessage, { 'pid is not a number here': ['process.pid'] });
    // Kept whole: the document is there with its original value.
    const doc = ignored.hits.hits.find((h) => h._source?.message === 'pid is not a number here');
    assert.equal(doc?._source?.['process.pid'], 'one');
  });

  test('a value where the mapping has an object is refused per document (out_elasticsearch sends it to @ERROR); the rest of the bulk is kept', async () => {
    await setupLogIndices(es.client, DEFAULT_LOG_TEMPLATE_OPTIONS);
    const [document] = readContracts()[0]?.documents ?? [];
    assert.ok(document);
    const index = 'kansoku-logs-2026.12.02';
    const bulk = await es.client.bulk({
      operations: [
        // "trace" is an object in the template (trace.id): a plain value there cannot be ignored.
        { index: { _index: index, _id: 'conflict' } },
        { ...document.source, trace: 'not an object', message: 'conflicting line' },
        { index: { _index: index, _id: 'fine' } },
        { ...document.source, message: 'fine line' },
      ],
      refresh: 'wait_for',
    });
    assert.equal(bulk.errors, true);
    // fluent-plugin-elasticsearch's error handler emits a 400 item to @ERROR (error.conf
    // counts it and writes it to a file); a 429 or 5xx it retries.
    assert.deepEqual(
      bulk.items.map((i) => [i.index?._id, i.index?.status]),
      [
        ['conflict', 400],
        ['fine', 201],
      ],
    );
    assert.match(String(bulk.items[0]?.index?.error?.type), /parsing_exception/);
    assert.equal((await es.client.count({ index, query: { match_phrase: { message: 'fine line' } } })).count, 1);
  });

  test('a directly shipped line Elasticsearch refuses is counted and reported; the lines around it are indexed', async () => {
    await setupLogIndices(es.client, DEFAULT_LOG_TEMPLATE_OPTIONS);
    const index = 'logs-kansoku-refused';
    const { obs, lines } = shipping(index);
    const dropped = async () =>
      (await obs.registry.getSingleMetric(METRICS.logsDropped.name)?.get())?.values.find(
        (v) => v.labels.reason === 'ship_failed',
      )?.value ?? 0;
    try {
      obs.logger.info('before the bad line');
      obs.logger.info({ trace: 'not an object' }, 'the bad line');
      obs.logger.info('after the bad line');
      const messages = async () => {
        await es.client.indices.refresh({ index }, { ignore: [404] }).catch(() => undefined);
        // A search just after the index was made can meet shards not started yet: try again.
        const found = await es.client
          .search<Record<string, unknown>>({ index, size: 100 }, { ignore: [404] })
          .catch(() => undefined);
        return (found?.hits?.hits ?? []).map((h) => String(h._source?.message));
      };
      let shipped: string[] = [];
      for (let i = 0; i < 600; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        shipped = await messages();
        if (shipped.includes('after the bad line') && (await dropped()) >= 1) break;
      }
      assert.ok(shipped.includes('before the bad line'), JSON.stringify(shipped));
      assert.ok(shipped.includes('after the bad line'), JSON.stringify(shipped));
      assert.ok(!shipped.includes('the bad line'));
      assert.equal(await dropped(), 1);
    } finally {
      await obs.shutdown();
    }
    // The service's own output kept all three, and said once why one was not shipped.
    assert.equal(lines.filter((l) => String(l.message).endsWith('the bad line')).length, 3);
    assert.equal(lines.filter((l) => l['error.code'] === ERROR_CODES.logShipping).length, 1);
  });

  test('lines the library ships directly land in the same template, with the same mappings as the Fluentd records', async () => {
    await setupLogIndices(es.client, DEFAULT_LOG_TEMPLATE_OPTIONS);
    await indexContractDocuments(es.client);
    const index = 'logs-kansoku-direct';
    const { obs } = shipping(index);
    try {
      for (let i = 0; i < 600; i++) {
        obs.logger.error(
          { err: new TypeError('shipped directly'), 'trace.id': '11111111111111111111111111111111' },
          'direct line',
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
        // 404 until the first bulk created the index, 503 while its shard is still being
        // allocated (a loaded machine): both mean "not yet".
        await es.client.indices.refresh({ index }, { ignore: [404, 503] });
        if (((await es.client.count({ index }, { ignore: [404, 503] })).count ?? 0) > 0) break;
      }
    } finally {
      await obs.shutdown();
    }
    const found = await es.client.search<Record<string, unknown>>({
      index: 'kansoku-logs-*,logs-kansoku-*',
      query: { term: { 'trace.id': '11111111111111111111111111111111' } },
    });
    assert.equal(found.hits.hits[0]?._index, index);
    assert.match(String(found.hits.hits[0]?._source?.['error.stack_trace']), /^TypeError: shipped directly\n/);

    const mappings = await es.client.indices.getMapping({ index: `${index},kansoku-logs-2026.12.01` });
    const flat = (props: Record<string, unknown>, prefix = ''): Record<string, string> =>
      Object.fromEntries(
        Object.entries(props).flatMap(([k, v]) => {
          const p = v as { type?: string; properties?: Record<string, unknown> };
          return p.properties
            ? Object.entries(flat(p.properties, `${prefix}${k}.`))
            : [[`${prefix}${k}`, String(p.type)]];
        }),
      );
    const direct = flat(mappings[index]?.mappings.properties ?? {});
    const viaFluentd = flat(mappings['kansoku-logs-2026.12.01']?.mappings.properties ?? {});
    for (const field of logFieldCatalog) assert.equal(direct[field.name], viaFluentd[field.name], field.name);
    assert.equal(direct['trace.id'], 'keyword');
    const settings = await es.client.indices.getSettings({ index });
    assert.equal(settings[index]?.settings?.index?.mapping?.ignore_malformed, 'true');
  });
}
