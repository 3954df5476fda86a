// The record contract end to end, both ends real. The records the Fluentd configuration
// makes of the sample CRI and Docker lines (fluentd/samples/expected, readContracts()) are
// (1) indexed into a real Elasticsearch through `kansoku es setup`'s index template, as
// out_elasticsearch sends them, and read by the forwarder's poller; (2) posted to /ingest as
// forwarder.conf's out_http stage posts them (a JSON array, application/json, no
// compression, Authorization: Bearer). Per record: which are errors, which group each falls
// in (joined multi-line stack traces by exception type and frames), and what the alert
// carries; both ends must agree with each other and with Fluentd's own error filter.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { readContracts, SAMPLE_INDEX_PREFIX } from '../../src/fluentd/contract/samples.js';
import { startForwarder } from '../../src/forwarder/forwarder.js';
import type { Alert } from '../../src/forwarder/model/alert.js';
import { createDetector } from '../../src/forwarder/model/detect.js';
import { createFingerprinter } from '../../src/forwarder/model/fingerprint.js';
import { toRecord } from '../../src/forwarder/model/record.js';
import { elasticsearchForFile } from '../helpers/elasticsearch-for-file.js';
import { configFrom, type Receiver, startReceiver, tempDir, waitFor } from './helpers.js';

const contracts = readContracts();
const documents = contracts.flatMap((c) => c.documents);
const forwarded = new Set(contracts.flatMap((c) => c.forwarded));
const TRACE = 'https://jaeger.example/trace/{traceId}';

/**
 * What each error record of the samples must become, found by the start of its message.
 * service: the record's service.name, else the pod's app label or the container name.
 * errorType: error.type, else read from the joined stack trace.
 */
const EXPECTED_ERRORS = [
  {
    message: 'payment failed',
    service: 'checkout',
    namespace: 'shop',
    pod: 'checkout-7c9d6b5f4-x8k2p',
    errorType: 'PaymentDeclinedError',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    stack: true,
  },
  {
    message: "TypeError: Cannot read properties of undefined (reading 'id')",
    service: 'checkout',
    namespace: 'shop',
    pod: 'checkout-7c9d6b5f4-x8k2p',
    errorType: 'TypeError',
    stack: true,
  },
  {
    message: 'stock service unreachable',
    service: 'checkout',
    namespace: 'shop',
    pod: 'checkout-7c9d6b5f4-x8k2p',
    errorType: '',
    stack: false,
  },
  {
    message: 'Traceback (most recent call last):',
    // The raw trace has no service.name: the pod's app.kubernetes.io/name label (de-dotted by Fluentd).
    service: 'billing-worker',
    namespace: 'billing',
    pod: 'billing-worker-5d8f7c6b9-q4w7z',
    errorType: 'ValueError',
    stack: true,
  },
  {
    message: 'charge failed',
    service: 'billing',
    namespace: 'billing',
    pod: 'billing-worker-5d8f7c6b9-q4w7z',
    errorType: '',
    stack: false,
  },
  {
    message: 'panic: runtime error: index out of range [3] with length 3',
    service: 'billing-worker',
    namespace: 'billing',
    pod: 'billing-worker-5d8f7c6b9-q4w7z',
    errorType: 'runtime error',
    stack: true,
  },
];

function expectedFor(message: string) {
  const found = EXPECTED_ERRORS.filter((e) => message.startsWith(e.message));
  return found.length === 1 ? found[0] : undefined;
}

const es = elasticsearchForFile({ contractDocuments: true });

test('per record: the forwarder calls exactly the records errors that Fluentd forwards, and groups them as expected', () => {
  const detect = createDetector({ minLevel: 'error', include: [], exclude: [] });
  const fingerprint = createFingerprinter([]);
  const fingerprints = new Map<string, string>();
  for (const document of documents) {
    const read = toRecord(document.source);
    assert.ok('record' in read, `${document.id}: ${'problem' in read ? read.problem : ''}`);
    const { record } = read;
    const isError = detect(record);
    assert.equal(isError, forwarded.has(document.id), `${record.message.slice(0, 60)}: detected ${isError}`);
    const expected = expectedFor(record.message);
    assert.equal(isError, expected !== undefined, `${record.message.slice(0, 60)}: in the expected errors`);
    if (!expected) continue;
    assert.equal(record.service, expected.service, expected.message);
    assert.equal(record.namespace, expected.namespace, expected.message);
    assert.equal(record.pod, expected.pod, expected.message);
    assert.equal(record.stackTrace !== '', expected.stack, `${expected.message}: stack trace joined into one record`);
    const fp = fingerprint(record);
    assert.ok(!fingerprints.has(fp.id), `${expected.message} shares a group with ${fingerprints.get(fp.id)}`);
    fingerprints.set(fp.id, expected.message);
    if (expected.stack) {
      // The group is the exception type and the frames: other line numbers, the same group;
      // another exception type, another group.
      const moved = {
        ...record,
        stackTrace: record.stackTrace.replace(/(:|line )(\d+)/g, (_m, p: string, n: string) => `${p}${Number(n) + 7}`),
      };
      assert.notEqual(moved.stackTrace, record.stackTrace, `${expected.message}: the trace has line numbers`);
      assert.equal(fingerprint(moved).id, fp.id, `${expected.message}: line numbers do not change the group`);
      const other = { ...record, errorType: 'SomethingElseError' };
      assert.notEqual(fingerprint(other).id, fp.id, `${expected.message}: the exception type is part of the group`);
    }
  }
  assert.equal(fingerprints.size, EXPECTED_ERRORS.length, 'one group per expected error');
});

async function alertsOf(receiver: Receiver): Promise<Alert[]> {
  await waitFor(`${EXPECTED_ERRORS.length} alerts`, () => receiver.received.length >= EXPECTED_ERRORS.length, 60_000);
  return receiver.received.map((r) => (JSON.parse(r.body) as { alert: Alert }).alert);
}

async function detectedCount(metricsUrl: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  return Number(/^kansoku_forwarder_errors_detected_total (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

function checkAlerts(alerts: readonly Alert[], where: string): void {
  assert.equal(alerts.length, EXPECTED_ERRORS.length, `${where}: one alert per group`);
  for (const alert of alerts) {
    const expected =
      expectedFor(alert.sampleMessage) ??
      EXPECTED_ERRORS.find((e) => e.errorType !== '' && alert.errorType === e.errorType);
    assert.ok(expected, `${where}: unexpected alert ${alert.title}`);
    assert.equal(alert.reason, 'new', where);
    assert.equal(alert.service, expected.service, `${where}: ${expected.message}`);
    assert.equal(alert.namespace, expected.namespace, `${where}: ${expected.message}`);
    assert.equal(alert.pod, expected.pod, `${where}: ${expected.message}`);
    if (expected.errorType) assert.equal(alert.errorType, expected.errorType, `${where}: ${expected.message}`);
    assert.ok(alert.sampleMessage.length > 0, `${where}: ${expected.message} has a sample message`);
    if (expected.stack) assert.ok(alert.topFrames.length > 0, `${where}: ${expected.message} has its top frames`);
    if (expected.traceId) assert.equal(alert.traceUrl, TRACE.replace('{traceId}', expected.traceId), where);
    else assert.equal(alert.traceUrl, undefined, `${where}: ${expected.message} has no trace`);
  }
}

const common = (receiver: Receiver) => `sinks: { webhook: { url: "${receiver.url}/hook" } }
links: { trace: "${TRACE}", discover: "https://kibana.example/app/discover" }
grouping: { realertAfter: 1h }
metrics: { listen: "127.0.0.1:0" }`;

test('both ends: the poller reading the indexed records and /ingest fed as out_http posts give the same groups and alerts', async (t) => {
  const fromEs = await startReceiver();
  const fromIngest = await startReceiver();
  t.after(() => Promise.all([fromEs.close(), fromIngest.close()]));
  const dir = tempDir(t);
  const poller = await startForwarder({
    config: configFrom(`inputs:
  elasticsearch: { node: "${es.url}", index: "${SAMPLE_INDEX_PREFIX}-*", pollInterval: 200ms, safetyDelay: 100ms, startFrom: beginning }
state: { sqlite: { path: "${join(dir, 'poller.db')}" } }
${common(fromEs)}`),
    logger: pino({ level: 'silent' }),
  });
  t.after(() => poller.stop());
  const token = 'contract-token';
  const ingest = await startForwarder({
    config: configFrom(
      `inputs: { http: { listen: "127.0.0.1:0", token: "\${TOKEN}" } }
state: { sqlite: { path: "${join(dir, 'ingest.db')}" } }
${common(fromIngest)}`,
      { TOKEN: token },
    ),
    logger: pino({ level: 'silent' }),
  });
  t.after(() => ingest.stop());

  // What forwarder.conf's out_http sends: the grep filter's records, json_array, the bearer header.
  const conf = readFileSync(join(import.meta.dirname, '../../fluentd/forwarder.conf'), 'utf8');
  assert.match(conf, /json_array true/);
  assert.match(conf, /content_type application\/json/);
  assert.doesNotMatch(conf, /^\s*compress /m, 'out_http sends uncompressed bodies');
  const records = documents.filter((d) => forwarded.has(d.id)).map((d) => d.source);
  const response = await fetch(`${ingest.ingestUrl}/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(records),
  });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    received: forwarded.size,
    errors: EXPECTED_ERRORS.length,
    duplicates: 0,
    alerts: EXPECTED_ERRORS.length,
    groupsCreated: EXPECTED_ERRORS.length,
  });

  const viaEs = await alertsOf(fromEs);
  const viaIngest = await alertsOf(fromIngest);
  checkAlerts(viaEs, 'poller');
  checkAlerts(viaIngest, 'ingest');
  // The same groups either way, and the poller saw exactly Fluentd's error records.
  const identity = (a: Alert) =>
    JSON.stringify([
      a.fingerprint,
      a.title,
      a.service,
      a.namespace,
      a.pod,
      a.errorType,
      a.sampleMessage,
      a.traceUrl,
      a.total,
    ]);
  assert.deepEqual(viaEs.map(identity).sort(), viaIngest.map(identity).sort());
  assert.equal(await detectedCount(poller.metricsUrl), forwarded.size);
  assert.equal(await detectedCount(ingest.metricsUrl), forwarded.size);
});
