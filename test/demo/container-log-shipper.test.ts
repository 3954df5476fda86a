// The demo's log shipping against a real Elasticsearch, its indices set up by `kansoku es
// setup`'s code: the library's log lines arrive as the Fluentd record contract has them
// (event.id as _id, the runtime's @timestamp, kubernetes.* of the demo's pod), in the daily
// index, and the forwarder reads them as error records.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createObservability } from '@kansoku/instrumentation';
import { ContainerLogShipper, DEMO_NAMESPACE, LOG_INDEX_PREFIX } from '../../src/demo/container-log-shipper.js';
import { toRecord } from '../../src/forwarder/model/record.js';
import { elasticsearchForFile } from '../helpers/elasticsearch-for-file.js';

const es = elasticsearchForFile({ logTemplate: true });

test("a service's log lines become Fluentd-shaped documents the forwarder reads", async () => {
  const shipper = new ContainerLogShipper({
    client: es.client,
    containers: { 'shipper-test': 'app' },
    flushIntervalMs: 60_000,
  });
  const obs = createObservability({
    serviceName: 'shipper-test',
    metrics: false,
    tracing: false,
    logging: { destination: { write: (line: string) => shipper.write(line) } },
    env: {},
  });
  obs.logger.info('an ordinary line');
  obs.logger.error({ err: new RangeError('discount 11 exceeds order total 10') }, 'placing an order failed');
  // Same text in the same millisecond: the runtime's nanosecond clock still tells them apart.
  obs.logger.info('twice');
  obs.logger.info('twice');
  await obs.shutdown();
  await shipper.close();
  assert.deepEqual(shipper.shipped(), { indexed: 4, dropped: 0 });

  await es.client.indices.refresh({ index: `${LOG_INDEX_PREFIX}-*` });
  const result = await es.client.search<Record<string, unknown>>({
    index: `${LOG_INDEX_PREFIX}-*`,
    size: 10,
    sort: [{ '@timestamp': 'asc' }, { 'event.id': 'asc' }],
  });
  const hits = result.hits.hits;
  assert.equal(hits.length, 4);
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '.');
  for (const hit of hits) {
    const doc = hit._source as Record<string, unknown>;
    assert.match(hit._index, new RegExp(`^${LOG_INDEX_PREFIX}-\\d{4}\\.\\d{2}\\.\\d{2}$`));
    assert.ok(
      [day, new Date(Date.now() - 86_400_000).toISOString().slice(0, 10).replaceAll('-', '.')].some((d) =>
        hit._index.endsWith(d),
      ),
    );
    assert.equal(hit._id, doc['event.id']);
    assert.match(String(doc['@timestamp']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    assert.equal(doc.stream, 'stdout');
    assert.equal(doc['service.name'], 'shipper-test');
    const kubernetes = doc.kubernetes as Record<string, unknown>;
    assert.equal(kubernetes.namespace_name, DEMO_NAMESPACE);
    assert.equal(kubernetes.container_name, 'app');
    assert.match(String(kubernetes.pod_name), /^shipper-test-[0-9a-f]{9}-[0-9a-f]{5}$/);
  }
  const error = hits.map((h) => h._source as Record<string, unknown>).find((d) => d['log.level'] === 'error');
  assert.ok(error);
  const record = toRecord(error);
  assert.ok('record' in record, JSON.stringify(record));
  assert.equal(record.record.errorType, 'RangeError');
  assert.match(record.record.stackTrace, /RangeError: discount 11 exceeds order total 10\n\s+at /);
  assert.equal(record.record.namespace, DEMO_NAMESPACE);
  assert.equal(record.record.service, 'shipper-test');
});

test('beyond its bound, lines are dropped and counted; lines of services it does not ship are ignored', async () => {
  const shipper = new ContainerLogShipper({
    client: es.client,
    containers: { bounded: 'app' },
    maxBufferedLines: 2,
    flushIntervalMs: 60_000,
  });
  for (let i = 0; i < 5; i++) shipper.write(`{"service.name":"bounded","message":"line ${i}"}\n`);
  shipper.write('{"service.name":"someone-else","message":"not ours"}\n');
  await shipper.close();
  assert.deepEqual(shipper.shipped(), { indexed: 2, dropped: 3 });
});
