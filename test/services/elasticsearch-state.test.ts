// The reset that lets test files share an Elasticsearch node, against a real node dirtied the
// way the test files dirty theirs: `kansoku es setup`'s templates, the record contract's
// documents, the forwarder's shared-state index, and the other kinds of state a test can put
// (a hidden index, an alias, a legacy template, an ingest pipeline, a closed index, persistent
// and transient cluster settings). After the reset the node's state equals the pristine one
// exactly; what a reset cannot remove is reported, never passed over.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { setupLogIndices } from '../../src/elasticsearch/log-index-setup.js';
import { DEFAULT_LOG_TEMPLATE_OPTIONS } from '../../src/elasticsearch/log-templates.js';
import { startSharedState } from '../../src/forwarder/state/elasticsearch-shared.js';
import { SqliteStore } from '../../src/forwarder/state/sqlite-store.js';
import { tempDir } from '../forwarder/helpers.js';
import { elasticsearchForFile, indexContractDocuments } from '../helpers/elasticsearch-for-file.js';
import { elasticsearchState, resetElasticsearch, stateDifferences } from './elasticsearch-state.js';

const es = elasticsearchForFile();

/** The forwarder's shared state puts its index, as a replica does when it starts. */
async function forwarderStateIndex(t: Parameters<typeof tempDir>[0]): Promise<void> {
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  const shared = await startSharedState({
    connection: { node: es.url },
    indexPrefix: 'kansoku-forwarder-reset',
    leaseMs: 1_500,
    recheckMs: 100,
    realertAfterMs: 60_000,
    giveUpAfterMs: 3_600_000,
    sinks: ['webhook'],
    store,
    logger: pino({ level: 'silent' }),
    now: Date.now,
    onQueued: () => {},
  });
  await shared.stop();
  store.close();
}

async function indexNames(): Promise<string[]> {
  const indices = await es.client.cat.indices({ expand_wildcards: 'all', format: 'json', h: 'index' });
  return indices.map((i) => i.index ?? '').sort();
}

test('a node dirtied as the test files dirty theirs is pristine again after a reset', async (t) => {
  const pristine = await elasticsearchState(es.url);
  // The file's node is fresh or was reset: either way it has no index, as a fresh node.
  assert.deepEqual(await indexNames(), []);

  await setupLogIndices(es.client, DEFAULT_LOG_TEMPLATE_OPTIONS);
  await indexContractDocuments(es.client);
  await forwarderStateIndex(t);
  await es.client.indices.create({ index: '.kansoku-hidden', settings: { 'index.hidden': true } });
  await es.client.indices.putAlias({ index: '.kansoku-hidden', name: 'kansoku-alias' });
  await es.client.indices.create({ index: 'kansoku-closed' });
  await es.client.indices.close({ index: 'kansoku-closed' });
  await es.client.indices.putTemplate({ name: 'kansoku-legacy', index_patterns: ['legacy-*'] });
  await es.client.ingest.putPipeline({ id: 'kansoku-pipeline', processors: [] });
  await es.client.cluster.putSettings({
    persistent: { 'cluster.routing.allocation.enable': 'primaries' },
    transient: { 'indices.recovery.max_bytes_per_sec': '10mb' },
  });

  const dirty = stateDifferences(await elasticsearchState(es.url), pristine).map((d) => d.split(':')[0]);
  for (const part of [
    'metadata.indices',
    'metadata.index_template',
    'metadata.component_template',
    'metadata.templates',
    'metadata.ingest',
    'persistent settings',
    'transient settings',
  ]) {
    assert.ok(dirty.includes(part), `${part} is among the differences: ${dirty.join(', ')}`);
  }
  const names = await indexNames();
  assert.ok(
    names.includes('.kansoku-hidden') && names.some((n) => n.startsWith('kansoku-forwarder-reset')),
    names.join(),
  );

  assert.deepEqual(await resetElasticsearch(es.url, pristine), []);
  assert.deepEqual(await elasticsearchState(es.url), pristine);
  assert.deepEqual(await indexNames(), []);
  const templates = await es.client.indices.getIndexTemplate();
  assert.deepEqual(templates.index_templates, []);
  assert.deepEqual(await es.client.cluster.getSettings(), { persistent: {}, transient: {} });
});

test('what a reset cannot delete makes it fail, and is then put right by a reset that can', async () => {
  const pristine = await elasticsearchState(es.url);
  // A read-only index refuses to be deleted: a reset must not pretend it took it away.
  await es.client.indices.create({ index: 'kansoku-read-only', settings: { 'index.blocks.read_only': true } });
  await assert.rejects(resetElasticsearch(es.url, pristine), /DELETE \/kansoku-read-only.* answered 403/);
  assert.match(stateDifferences(await elasticsearchState(es.url), pristine).join('\n'), /metadata\.indices/);

  await es.client.indices.putSettings({ index: 'kansoku-read-only', settings: { 'index.blocks.read_only': false } });
  assert.deepEqual(await resetElasticsearch(es.url, pristine), []);
});
