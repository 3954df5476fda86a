// One real Elasticsearch node for a test file: the "start a node, make a client, stop both"
// every Elasticsearch test file needs. The node is the file's from its before hook to its
// after hook (one node per file, shared by its tests): a plain 9.x node is leased from the
// `npm test` run's pool when one is free (test/services/elasticsearch-pool.ts), then reset
// and given back; any other node, or any node when no pooled one is free, is started for the
// file and stopped afterwards. The client takes the options
// kansoku's own connections take (src/elasticsearch/client-options.ts), with a secured node's
// credentials and CA. Optionally `kansoku es setup`'s log template (logs-kansoku-*,
// kansoku-logs-*) and the record contract's documents (fluentd/samples/expected), indexed as
// out_elasticsearch sends them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { elasticsearchClientOptions } from '../../src/elasticsearch/client-options.js';
import { setupLogIndices } from '../../src/elasticsearch/log-index-setup.js';
import { DEFAULT_LOG_TEMPLATE_OPTIONS } from '../../src/elasticsearch/log-templates.js';
import { readContracts } from '../../src/fluentd/contract/samples.js';
import type { ElasticsearchOptions } from '../services/elasticsearch.js';
import { elasticsearchNode, type FileNode } from '../services/elasticsearch-pool.js';
import type { ElasticsearchCredentials } from '../services/elasticsearch-security.js';
import { type ElasticsearchDistribution, elasticsearch } from '../services/paths.js';

export interface FileElasticsearchOptions extends ElasticsearchOptions {
  /** `elasticsearch8` (test/services/paths.ts) for 8.x; 9.x by default. */
  distribution?: ElasticsearchDistribution;
  /** `kansoku es setup`'s log template is put before the tests. */
  logTemplate?: boolean;
  /** The record contract's documents are indexed through the log template (implies logTemplate). */
  contractDocuments?: boolean;
}

/** The file's node and its client, to be read once the before hook has run (in tests and later hooks). */
export interface FileElasticsearch {
  readonly url: string;
  readonly version: string;
  /** A secured node's superuser and CA file. */
  readonly credentials: ElasticsearchCredentials | undefined;
  readonly client: Client;
}

/** The record contract's documents (fluentd/samples/expected) as out_elasticsearch sends them: the day's index, event.id as _id. */
export async function indexContractDocuments(client: Client): Promise<void> {
  const operations = readContracts().flatMap((c) =>
    c.documents.flatMap((d) => [{ index: { _index: d.index, _id: d.id } }, d.source]),
  );
  const bulk = await client.bulk({ operations, refresh: 'wait_for' });
  assert.deepEqual(
    bulk.items.filter((i) => i.index?.error).map((i) => i.index?.error),
    [],
  );
}

export function elasticsearchForFile(options: FileElasticsearchOptions = {}): FileElasticsearch {
  const { distribution = elasticsearch, logTemplate, contractDocuments, ...serviceOptions } = options;
  let node: FileNode | undefined;
  let client: Client | undefined;
  before(async () => {
    node = await elasticsearchNode(distribution, serviceOptions);
    const credentials = node.credentials;
    client = new Client(
      elasticsearchClientOptions({
        node: node.url,
        requestTimeout: 30_000,
        ...(credentials && {
          auth: { username: credentials.username, password: credentials.password },
          ca: readFileSync(credentials.caFile),
        }),
      }),
    );
    if (logTemplate || contractDocuments) await setupLogIndices(client, DEFAULT_LOG_TEMPLATE_OPTIONS);
    if (contractDocuments) await indexContractDocuments(client);
  });
  after(async () => {
    await client?.close();
    await node?.done();
  });
  const started = (): { node: FileNode; client: Client } => {
    if (!node || !client) throw new Error('the file has no Elasticsearch yet: read it in a test or a later hook');
    return { node, client };
  };
  return {
    get url() {
      return started().node.url;
    },
    get version() {
      return started().node.version;
    },
    get credentials() {
      return started().node.credentials;
    },
    get client() {
      return started().client;
    },
  };
}
