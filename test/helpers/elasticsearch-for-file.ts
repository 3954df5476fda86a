// One real Elasticsearch node for a test file: the "start a node, make a client, stop both"
// every Elasticsearch test file needs. The node starts in the file's before hook and stops in
// its after hook (one node per file, shared by its tests); the client takes the options
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
import { type ElasticsearchOptions, type ElasticsearchService, startElasticsearch } from '../services/elasticsearch.js';
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
  let service: ElasticsearchService | undefined;
  let client: Client | undefined;
  before(async () => {
    service = await startElasticsearch(distribution, serviceOptions);
    const credentials = service.credentials;
    client = new Client(
      elasticsearchClientOptions({
        node: service.url,
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
    await service?.stop();
  });
  const started = (): { service: ElasticsearchService; client: Client } => {
    if (!service || !client) throw new Error('the file has no Elasticsearch yet: read it in a test or a later hook');
    return { service, client };
  };
  return {
    get url() {
      return started().service.url;
    },
    get version() {
      return started().service.version;
    },
    get credentials() {
      return started().service.credentials;
    },
    get client() {
      return started().client;
    },
  };
}
