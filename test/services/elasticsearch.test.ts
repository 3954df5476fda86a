// Proves the Elasticsearch helper runs a real Elasticsearch 9.x that the official client
// can index into and search, and pins down what the minimal integ-test distribution
// lacks (docs/elasticsearch.md): if a later version adds one of these, the test says so.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, errors } from '@elastic/elasticsearch';
import { type ElasticsearchService, startElasticsearch } from './elasticsearch.js';

let es: ElasticsearchService;
let client: Client;

before(async () => {
  es = await startElasticsearch();
  client = new Client({ node: es.url });
});

after(async () => {
  await client?.close();
  await es?.stop();
});

test('the official client indexes a document and searches it back', async () => {
  await client.indices.create({
    index: 'smoke-logs',
    mappings: { properties: { '@timestamp': { type: 'date' }, message: { type: 'text' }, level: { type: 'keyword' } } },
  });
  await client.index({
    index: 'smoke-logs',
    document: { '@timestamp': '2026-11-27T06:00:00Z', message: 'payment failed: card declined', level: 'error' },
    refresh: 'wait_for',
  });
  const result = await client.search<{ message: string; level: string }>({
    index: 'smoke-logs',
    query: { bool: { must: [{ match: { message: 'declined' } }], filter: [{ term: { level: 'error' } }] } },
  });
  assert.equal(result.hits.hits.length, 1);
  assert.equal(result.hits.hits[0]?._source?.message, 'payment failed: card declined');
});

test('it is Elasticsearch 9.x (version read from the nodes API, GET / is missing)', async () => {
  const nodes = await client.nodes.info({ metric: 'settings' });
  const versions = Object.values(nodes.nodes).map((n) => n.version);
  assert.deepEqual(versions, [es.version]);
  assert.match(es.version, /^9\./);
});

test('bulk indexing, index templates, aggregations on keywords and search_after work', async () => {
  await client.indices.putIndexTemplate({
    name: 'smoke-template',
    index_patterns: ['smoke-bulk-*'],
    template: { mappings: { properties: { code: { type: 'keyword' }, n: { type: 'long' } } } },
  });
  const operations = Array.from({ length: 50 }, (_, i) => [
    { index: { _index: 'smoke-bulk-1' } },
    { code: i % 2 ? 'odd' : 'even', n: i },
  ]).flat();
  const bulk = await client.bulk({ operations, refresh: 'wait_for' });
  assert.equal(bulk.errors, false);
  const mapping = await client.indices.getMapping({ index: 'smoke-bulk-1' });
  assert.equal(mapping['smoke-bulk-1']?.mappings.properties?.code?.type, 'keyword');
  // terms aggregations are in server core; only some aggregations live in the missing module.
  const agg = await client.search({
    index: 'smoke-bulk-1',
    size: 2,
    sort: [{ n: 'asc' }],
    aggs: { codes: { terms: { field: 'code' } } },
  });
  const codes = agg.aggregations?.codes as { buckets: { key: string; doc_count: number }[] } | undefined;
  const buckets = codes?.buckets ?? [];
  assert.deepEqual(buckets.map((b) => [b.key, b.doc_count]).sort(), [
    ['even', 25],
    ['odd', 25],
  ]);
  const next = await client.search({
    index: 'smoke-bulk-1',
    size: 1,
    sort: [{ n: 'asc' }],
    search_after: agg.hits.hits[1]?.sort,
  });
  assert.equal((next.hits.hits[0]?._source as { n: number } | undefined)?.n, 2);
});

// Each of these is an API the minimal distribution does not have. Asserting the exact
// failure keeps docs/elasticsearch.md honest.
test('APIs this distribution lacks answer with a clear error', async (t) => {
  await t.test('GET / (rest-root module) is not there', async () => {
    const response = await fetch(`${es.url}/`);
    assert.equal(response.status, 405);
    assert.match(await response.text(), /Incorrect HTTP method for uri \[\/\]/);
  });
  await t.test('_update_by_query and _reindex are not there (reindex module)', async () => {
    const response = await fetch(`${es.url}/smoke-bulk-1/_update_by_query`, { method: 'POST' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /no handler found/);
  });
  await t.test(
    'match_only_text, wildcard and constant_keyword mappings are not there (mapper-extras, x-pack)',
    async () => {
      for (const type of ['match_only_text', 'wildcard', 'constant_keyword']) {
        await assert.rejects(
          client.indices.create({
            index: `smoke-${type.replace(/_/g, '-')}`,
            mappings: { properties: { f: { type } } },
          } as never),
          (error: unknown) => error instanceof errors.ResponseError && String(error.message).includes(`[${type}]`),
        );
      }
    },
  );
  await t.test('ingest pipelines have no processors (ingest-common module)', async () => {
    await assert.rejects(
      client.ingest.putPipeline({ id: 'smoke', processors: [{ set: { field: 'x', value: 'y' } }] }),
      (error: unknown) =>
        error instanceof errors.ResponseError &&
        /No processor type exists with name \[set\]/.test(String(error.message)),
    );
  });
  await t.test('painless scripts are not there (lang-painless module)', async () => {
    await assert.rejects(
      client.search({
        index: 'smoke-bulk-1',
        query: { script: { script: { source: 'doc["n"].value > 1', lang: 'painless' } } },
      }),
      (error: unknown) => error instanceof errors.ResponseError,
    );
  });
  await t.test('data streams cannot be created (data-streams module)', async () => {
    await client.indices.putIndexTemplate({
      name: 'smoke-ds',
      index_patterns: ['smoke-ds-*'],
      data_stream: {},
      template: { mappings: { properties: { '@timestamp': { type: 'date' } } } },
    });
    await assert.rejects(client.indices.createDataStream({ name: 'smoke-ds-1' }), errors.ResponseError);
  });
  await t.test('index lifecycle management is not there (x-pack-ilm module)', async () => {
    await assert.rejects(
      client.ilm.putLifecycle({
        name: 'smoke',
        policy: { phases: { delete: { min_age: '7d', actions: { delete: {} } } } },
      }),
      errors.ResponseError,
    );
  });
});
