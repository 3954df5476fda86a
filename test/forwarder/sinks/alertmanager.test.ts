// The Alertmanager sink against a real Alertmanager (test/services): the group's alert
// appears in its API with the group's labels, is re-sent while the group is active, and
// resolves once the group has been quiet for resolveAfter.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { startDispatcher } from '../../../src/forwarder/dispatcher.js';
import { createForwarderMetrics } from '../../../src/forwarder/metrics.js';
import { createProcessor } from '../../../src/forwarder/processor.js';
import { ALERTNAME, createAlertmanagerSink } from '../../../src/forwarder/sinks/alertmanager.js';
import { SqliteStore } from '../../../src/forwarder/state/sqlite-store.js';
import { type AlertmanagerService, startAlertmanager } from '../../services/alertmanager.js';
import { configFrom, record, tempDir, waitFor } from '../helpers.js';

let alertmanager: AlertmanagerService;
before(async () => {
  alertmanager = await startAlertmanager();
});
after(async () => {
  await alertmanager?.stop();
});

test('the alert appears in Alertmanager with the group as its identity, stays while active, then resolves', async (t) => {
  const config = configFrom(`
inputs: { http: { token: t } }
sinks: { alertmanager: { url: "${alertmanager.url}", resendInterval: 1s, resolveAfter: 4s, resolvedResendFor: 2s } }
links: { discover: "https://kibana.example/app/discover", trace: "https://jaeger.example/trace/{traceId}" }`);
  const am = config.sinks.alertmanager;
  assert.ok(am);
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  const metrics = createForwarderMetrics({ groups: () => 0, pending: () => 0, sinks: ['alertmanager'] });
  const processor = createProcessor({ config, store, metrics, sinks: ['alertmanager'], now: Date.now });
  const dispatcher = startDispatcher({
    sink: createAlertmanagerSink(am, store),
    store,
    metrics,
    logger: pino({ level: 'silent' }),
    giveUpAfterMs: 60_000,
    digest: config.notify.digest,
    resendIntervalMs: am.resendIntervalMs,
  });
  t.after(async () => {
    await dispatcher.stop();
    store.close();
  });

  processor.process([record({ 'event.id': 'a', '@timestamp': new Date().toISOString() })], 'http');
  dispatcher.wake();
  const mine = async () => (await alertmanager.alerts()).filter((a) => a.labels.alertname === ALERTNAME);
  const [firing] = await waitFor('the alert in Alertmanager', async () => {
    const found = await mine();
    return found.length === 1 ? found : undefined;
  });
  assert.ok(firing);
  assert.equal(firing.status.state, 'active');
  assert.match(firing.labels.fingerprint ?? '', /^[0-9a-f]{32}$/);
  assert.equal(firing.labels.service, 'checkout');
  assert.equal(firing.labels.namespace, 'shop');
  assert.equal(firing.annotations.summary, 'TypeError: Cannot read properties of undefined (reading <quoted>)');
  assert.equal(firing.annotations.reason, 'new');
  assert.equal(firing.annotations.pod, 'checkout-7d9f-abcde');
  assert.match(firing.annotations.description ?? '', /at charge \(\/app\/src\/payment\.js:42:17\)/);
  assert.match(firing.annotations.trace_url ?? '', /^https:\/\/jaeger\.example\/trace\/4bf92f/);
  assert.match(firing.annotations.discover_url ?? '', /^https:\/\/kibana\.example\/app\/discover#/);

  // While records keep coming the group is active: the forwarder keeps pushing endsAt out.
  const firstEndsAt = Date.parse(firing.endsAt);
  processor.process([record({ 'event.id': 'b', '@timestamp': new Date().toISOString() })], 'http');
  await waitFor('a re-send with a later endsAt', async () => {
    const [again] = await mine();
    return again && Date.parse(again.endsAt) > firstEndsAt && again.fingerprint === firing.fingerprint;
  });

  // Then quiet: after resolveAfter it is posted with endsAt in the past and Alertmanager drops it.
  await waitFor('the alert to resolve', async () => (await mine()).length === 0, 30_000);
  const [entry] = store.alertmanagerEntries();
  assert.ok(entry === undefined || entry.resolvedAt !== null, 'the forwarder knows it resolved it');
});
