// Proves the Alertmanager helper runs Debian's real Alertmanager, loopback only: an
// alert posted to the v2 API is read back with its labels, and no cluster port is open.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type AlertmanagerService, startAlertmanager } from './alertmanager.js';

let alertmanager: AlertmanagerService;

before(async () => {
  alertmanager = await startAlertmanager();
});

after(async () => {
  await alertmanager?.stop();
});

test('an alert posted to /api/v2/alerts is read back', async () => {
  const labels = { alertname: 'SmokeTest', severity: 'warning', service: 'checkout' };
  const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        labels,
        annotations: { summary: 'smoke test alert' },
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    ]),
  });
  assert.equal(posted.status, 200, await posted.text());
  const alerts = await alertmanager.alerts();
  const ours = alerts.filter((a) => a.labels.alertname === 'SmokeTest');
  assert.equal(ours.length, 1);
  assert.deepEqual(ours[0]?.labels, labels);
  assert.equal(ours[0]?.annotations.summary, 'smoke test alert');
  assert.equal(ours[0]?.status.state, 'active');
});

test('an invalid alert is rejected with a reason', async () => {
  const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ labels: {} }]),
  });
  assert.equal(posted.status, 400);
  assert.match(await posted.text(), /at least one label pair required/);
});

test('it runs as a single instance without a cluster peer port', async () => {
  const response = await fetch(`${alertmanager.url}/api/v2/status`);
  const status = (await response.json()) as { cluster: { status: string; peers?: unknown[] } };
  assert.equal(status.cluster.status, 'disabled');
});
