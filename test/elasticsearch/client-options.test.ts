// The one place every Elasticsearch client's options come from: plain JSON media types (which
// Elasticsearch 8 and 9 both take; against real nodes: ../forwarder/elasticsearch-client-es8.test.ts),
// credentials and CA passed through, and `kansoku es setup`'s options read from the environment.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clientOptions } from '../../src/cli/es-command.js';
import { elasticsearchClientOptions } from '../../src/elasticsearch/client-options.js';
import { tempDir } from '../forwarder/helpers.js';

const PLAIN = { accept: 'application/json', 'content-type': 'application/json' };

test('plain JSON headers, the timeout, and credentials and CA only when given', () => {
  const bare = elasticsearchClientOptions({ node: 'http://127.0.0.1:9200', requestTimeout: 5_000 });
  assert.deepEqual(bare, { node: 'http://127.0.0.1:9200', requestTimeout: 5_000, maxRetries: 2, headers: PLAIN });
  const full = elasticsearchClientOptions({
    node: 'https://es.example:9200',
    requestTimeout: 10_000,
    auth: { apiKey: 'a2V5' },
    ca: 'PEM',
  });
  assert.deepEqual(full.auth, { apiKey: 'a2V5' });
  assert.deepEqual(full.tls, { ca: 'PEM' });
  assert.deepEqual(full.headers, PLAIN);
});

test('`kansoku es setup` takes the same options, its credentials and CA from the environment', (t) => {
  const caFile = join(tempDir(t), 'ca.pem');
  writeFileSync(caFile, 'PEM TEXT');
  const basic = clientOptions('http://127.0.0.1:9200', {
    KANSOKU_ES_USERNAME: 'elastic',
    KANSOKU_ES_PASSWORD: 'secret',
    KANSOKU_ES_CA_FILE: caFile,
  });
  assert.deepEqual(basic.headers, PLAIN);
  assert.deepEqual(basic.auth, { username: 'elastic', password: 'secret' });
  assert.equal(String((basic.tls as { ca: Buffer }).ca), 'PEM TEXT');
  const keyed = clientOptions('http://127.0.0.1:9200', { KANSOKU_ES_API_KEY: 'a2V5', KANSOKU_ES_USERNAME: 'x' });
  assert.deepEqual(keyed.auth, { apiKey: 'a2V5' }, 'an API key wins over a username');
  assert.equal(clientOptions('http://127.0.0.1:9200', {}).auth, undefined);
});
