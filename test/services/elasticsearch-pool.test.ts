// The pool of Elasticsearch nodes that test files share, with a real node: a leased node is
// nobody else's until it is given back; given back after a file dirtied it (`kansoku es
// setup`'s templates, the record contract's documents), it is leased again in the exact state
// it started with; a node whose reset fails is never leased again and is stopped; and the
// pool stops everything it started.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { setupLogIndices } from '../../src/elasticsearch/log-index-setup.js';
import { DEFAULT_LOG_TEMPLATE_OPTIONS } from '../../src/elasticsearch/log-templates.js';
import { waitFor } from '../forwarder/helpers.js';
import { indexContractDocuments } from '../helpers/elasticsearch-for-file.js';
import {
  type ElasticsearchPool,
  leasePooledElasticsearch,
  POOL_ENV,
  startElasticsearchPool,
} from './elasticsearch-pool.js';
import { elasticsearchState } from './elasticsearch-state.js';

// This file's own pool of one node (a run's pool, if any, is left alone: the variable is this process's).
let pool: ElasticsearchPool;
let stopped = false;
before(() => {
  pool = startElasticsearchPool(1);
  process.env[POOL_ENV] = pool.dir;
});
after(async () => {
  if (!stopped) await pool.stop();
});

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}

test('a leased node is the holder’s alone, and comes back pristine after the holder dirtied it', async () => {
  const lease = await leasePooledElasticsearch();
  assert.ok(lease, 'the pool’s node is leased (waiting for it to start)');
  const pristine = await elasticsearchState(lease.url);
  assert.equal(await leasePooledElasticsearch(), undefined, 'a leased node is not leased twice');

  const client = new Client({ node: lease.url });
  await setupLogIndices(client, DEFAULT_LOG_TEMPLATE_OPTIONS);
  await indexContractDocuments(client);
  await client.close();
  assert.notDeepEqual(await elasticsearchState(lease.url), pristine);
  await lease.release();

  const again = await leasePooledElasticsearch();
  assert.equal(again?.url, lease.url, 'the node is back in the pool');
  assert.deepEqual(await elasticsearchState(lease.url), pristine);
  await again?.release();
});

test('a node whose reset fails is kept out of the pool and stopped; stop() says why', async () => {
  const lease = await leasePooledElasticsearch();
  assert.ok(lease);
  const client = new Client({ node: lease.url });
  // A read-only index refuses to be deleted, so the reset cannot make the node pristine.
  await client.indices.create({ index: 'kansoku-read-only', settings: { 'index.blocks.read_only': true } });
  await client.close();
  await lease.release();

  assert.equal(await leasePooledElasticsearch(), undefined, 'the node is not leased again');
  await waitFor('the pool to stop the retired node', async () => !(await reachable(lease.url)), 60_000);
  const reasons = await pool.stop();
  stopped = true;
  assert.equal(reasons.length, 1, reasons.join('\n'));
  assert.match(
    reasons[0] ?? '',
    /^node-0: not pristine after a reset .*\n.*the reset failed: DELETE \/kansoku-read-only/s,
  );
  assert.equal(existsSync(pool.dir), false, 'the pool’s folder is gone');
});

test('a run without a pool leases nothing', async () => {
  const dir = process.env[POOL_ENV];
  delete process.env[POOL_ENV];
  try {
    assert.equal(await leasePooledElasticsearch(), undefined);
  } finally {
    process.env[POOL_ENV] = dir;
  }
});
