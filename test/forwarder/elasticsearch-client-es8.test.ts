// The forwarder's Elasticsearch connections against a real Elasticsearch 8.x (one node for
// the file): the 9.x client's default media types are refused there (why the forwarder's
// client says plain JSON), the poller reads the record contract's documents indexed through
// `kansoku es setup`'s template and the shared state settles and records their alerts, and
// the shared state's create-once and take-over tests (state/helpers/shared-state-suite.ts)
// pass on 8 as on 9.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Client, errors } from '@elastic/elasticsearch';
import pino from 'pino';
import { readContracts, SAMPLE_INDEX_PREFIX } from '../../src/fluentd/contract/samples.js';
import { startForwarder } from '../../src/forwarder/forwarder.js';
import type { Alert } from '../../src/forwarder/model/alert.js';
import { createDetector } from '../../src/forwarder/model/detect.js';
import { createFingerprinter } from '../../src/forwarder/model/fingerprint.js';
import { toRecord } from '../../src/forwarder/model/record.js';
import { elasticsearchForFile } from '../helpers/elasticsearch-for-file.js';
import { elasticsearch8 } from '../services/paths.js';
import { configFrom, startReceiver, tempDir, waitFor } from './helpers.js';
import { sharedStateTests } from './state/helpers/shared-state-suite.js';

const documents = readContracts().flatMap((c) => c.documents);

const es = elasticsearchForFile({ distribution: elasticsearch8, contractDocuments: true });

test("the 9.x client's default compatible-with=9 media type is refused by Elasticsearch 8", async (t) => {
  assert.match(es.version, /^8\./);
  const plain = new Client({ node: es.url, maxRetries: 0 });
  t.after(() => plain.close());
  await assert.rejects(
    plain.search({ index: `${SAMPLE_INDEX_PREFIX}-*`, size: 0 }),
    (err: unknown) =>
      err instanceof errors.ResponseError &&
      err.statusCode === 400 &&
      JSON.stringify(err.body).includes('media_type_header_exception'),
  );
  const answer = await es.client.search({ index: `${SAMPLE_INDEX_PREFIX}-*`, size: 0, track_total_hits: true });
  assert.equal(typeof answer.hits.total === 'object' ? answer.hits.total.value : answer.hits.total, documents.length);
});

test('the poller reads the contract records and the shared state settles and records their alerts', async (t) => {
  // The groups the records must make, decided as the processor decides them.
  const detect = createDetector({ minLevel: 'error', include: [], exclude: [] });
  const fingerprint = createFingerprinter([]);
  const groups = new Set<string>();
  let errorCount = 0;
  for (const d of documents) {
    const read = toRecord(d.source);
    if ('record' in read && detect(read.record)) {
      errorCount++;
      groups.add(fingerprint(read.record).id);
    }
  }
  assert.ok(groups.size >= 5, 'the samples hold several distinct errors');

  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const forwarder = await startForwarder({
    config: configFrom(`inputs:
  elasticsearch: { node: "${es.url}", index: "${SAMPLE_INDEX_PREFIX}-*", pollInterval: 200ms, safetyDelay: 100ms, startFrom: beginning }
state:
  elasticsearch: { node: "${es.url}", indexPrefix: kansoku-forwarder-es8, path: "${join(tempDir(t), 'state.db')}" }
sinks: { webhook: { url: "${receiver.url}/hook" } }
grouping: { realertAfter: 1h }
metrics: { listen: "127.0.0.1:0" }`),
    logger: pino({ level: 'silent' }),
  });
  t.after(() => forwarder.stop());

  await waitFor(`${groups.size} alerts`, () => receiver.received.length >= groups.size, 60_000);
  const alerts = receiver.received.map((r) => (JSON.parse(r.body) as { alert: Alert }).alert);
  assert.deepEqual(alerts.map((a) => a.fingerprint).sort(), [...groups].sort(), 'one alert per group, each once');
  // Each alert's key is a slot created in Elasticsearch 8, and the delivery is recorded on it.
  for (const alert of alerts)
    await waitFor(`the delivery of ${alert.key} recorded`, async () => {
      const slot = await es.client.get<{ delivered?: { webhook?: string } }>({
        index: 'kansoku-forwarder-es8-alerts',
        id: alert.key,
      });
      return slot._source?.delivered?.webhook === 'sent';
    });
  const metrics = await (await fetch(`${forwarder.metricsUrl}/metrics`)).text();
  assert.equal(Number(/^kansoku_forwarder_errors_detected_total (\d+)$/m.exec(metrics)?.[1]), errorCount);
});

sharedStateTests(() => es.url);
