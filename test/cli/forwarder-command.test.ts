// `kansoku forwarder` run as a process: configuration problems exit 2 listing each one;
// and the delivery guarantee under crashes: while a stream of errors flows in (retried
// by the sender until it gets a 200, as Fluentd does), the forwarder is SIGKILLed again
// and again and restarted on the same state; every expected alert must then have
// arrived exactly once per key at each sink (local Slack and webhook stand-ins, and the
// real Alertmanager), and no record may have been counted twice. And two replicas sharing
// state in a real Elasticsearch, one SIGKILLed while it holds undelivered alerts: the
// survivor takes them over after the lease and every group's alert arrives once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ALERTNAME } from '../../src/forwarder/sinks/alertmanager.js';
import { SqliteStore } from '../../src/forwarder/state/sqlite-store.js';
import { errorRecord, type Receiver, startReceiver, tempDir, waitFor } from '../forwarder/helpers.js';
import { type AlertmanagerService, startAlertmanager } from '../services/alertmanager.js';
import { elasticsearchNode, type FileNode } from '../services/elasticsearch-pool.js';
import { freePort } from '../services/ports.js';
import { ServiceProcess } from '../services/process.js';

const root = join(import.meta.dirname, '../..');
const CLI = ['--conditions=kansoku-source', '--import', 'tsx', 'src/cli/main.ts', 'forwarder'];

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: root, env: { PATH: process.env.PATH, ...env } });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('an invalid configuration exits 2 and lists every problem with its path, never a secret', async (t) => {
  const file = join(tempDir(t), 'forwarder.yaml');
  writeFileSync(
    file,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the configuration's own ${VAR} syntax
    'inputs:\n  http: { token: "${TOKEN}", listen: "everywhere" }\nsinks:\n  slack: { webhookUrl: "not a url hooks.slack.com/services/SECRET" }\n',
  );
  const { code, stderr } = await run(['--config', file], {
    TOKEN: 'tok',
    KANSOKU_FORWARDER_GROUPING__WINDOW: 'forever',
  });
  assert.equal(code, 2);
  assert.match(stderr, /KANSOKU_ERR_FORWARDER_CONFIG/);
  assert.match(stderr, /- \/inputs\/http\/listen: must be host:port/);
  assert.match(stderr, /- \/sinks\/slack\/webhookUrl: must be an http:\/\/ or https:\/\/ URL/);
  assert.match(stderr, /- \/grouping\/window: must be a duration/);
  assert.ok(!stderr.includes('SECRET'));
  const missing = await run(['--config', join(tempDir(t), 'nope.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.yaml: ENOENT/);
  assert.equal((await run(['--bogus'])).code, 2);
});

let alertmanager: AlertmanagerService;
before(async () => {
  alertmanager = await startAlertmanager();
});
// Elasticsearch only for the replicas test, leased from the run's pool (or started) when it runs.
let es: FileNode | undefined;
const elasticsearch = async () => {
  es ??= await elasticsearchNode();
  return es;
};
after(async () => {
  await alertmanager?.stop();
  await es?.done();
});

const GROUPS = 24;
const RECORDS_PER_GROUP = 10;
const BATCH = 8;
const KILLS = 6;

/** How often each alert key reached a receiver. */
function keysOf(
  receiver: Receiver,
  keyOf: (body: string, headers: Receiver['received'][number]['headers']) => string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of receiver.received) {
    const key = keyOf(r.body, r.headers);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

test('SIGKILL again and again while errors flow: every alert arrives, once per key, at every sink', async (t) => {
  const dir = tempDir(t);
  const slack = await startReceiver();
  const webhook = await startReceiver();
  t.after(() => Promise.all([slack.close(), webhook.close()]));
  const [ingestPort, metricsPort] = [await freePort(), await freePort()];
  const token = 'crash-test-token';
  const file = join(dir, 'forwarder.yaml');
  writeFileSync(
    file,
    `inputs:
  http: { listen: "127.0.0.1:${ingestPort}", token: "\${INGEST_TOKEN}" }
state: { sqlite: { path: "${join(dir, 'state.db')}" } }
grouping: { realertAfter: 1h }
sinks:
  slack: { webhookUrl: "${slack.url}/services/T/B/X", minInterval: 50ms }
  webhook: { url: "${webhook.url}/hook", secret: "s" }
  alertmanager: { url: "${alertmanager.url}", resendInterval: 1s, resolveAfter: 10m }
metrics: { listen: "127.0.0.1:${metricsPort}" }
log: { level: warn }
`,
  );
  let forwarder: ServiceProcess | undefined;
  const start = async () => {
    forwarder = new ServiceProcess({
      name: 'forwarder',
      command: process.execPath,
      args: [...CLI, '--config', file],
      cwd: root,
      env: { PATH: process.env.PATH, INGEST_TOKEN: token },
    });
    await forwarder.waitUntilReady(async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).ok, 30_000);
  };
  t.after(() => forwarder?.stop());
  await start();

  // The stream: GROUPS distinct errors (one service each), RECORDS_PER_GROUP records each, interleaved.
  const records = [];
  for (let i = 0; i < RECORDS_PER_GROUP; i++)
    for (let g = 0; g < GROUPS; g++)
      records.push(
        errorRecord({
          'event.id': `g${g}-r${i}`,
          'service.name': `svc-${g}`,
          '@timestamp': new Date().toISOString(),
        }),
      );
  let delivered = 0;
  const sender = (async () => {
    for (let at = 0; at < records.length; at += BATCH) {
      const body = JSON.stringify(records.slice(at, at + BATCH));
      for (;;) {
        try {
          const response = await fetch(`http://127.0.0.1:${ingestPort}/ingest`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(5_000),
          });
          if (response.status === 200) break;
          assert.ok(response.status >= 500, `unexpected ${response.status}`);
        } catch {
          // The forwarder is down: retry, as Fluentd would.
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      delivered += 1;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  })();

  const batches = Math.ceil(records.length / BATCH);
  for (let kill = 0; kill < KILLS; kill++) {
    const target = Math.floor(((kill + 1) * batches) / (KILLS + 1));
    await waitFor(`batch ${target}`, () => delivered >= target, 60_000);
    process.kill(-(forwarder as ServiceProcess).pid, 'SIGKILL');
    await forwarder?.stop();
    await start();
  }
  await sender;
  await waitFor(
    'every outbox empty',
    async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      const pending = [...text.matchAll(/^kansoku_forwarder_outbox_pending\{sink="\w+"\} (\d+)$/gm)].map((m) =>
        Number(m[1]),
      );
      return pending.length === 3 && pending.every((n) => n === 0);
    },
    60_000,
  );

  const services = Array.from({ length: GROUPS }, (_, g) => `svc-${g}`).sort();
  // Webhook: keys in the Idempotency-Key header; one new-error alert (sequence 1) per group.
  const webhookKeys = keysOf(webhook, (_b, h) => String(h['idempotency-key']));
  const webhookServices = new Map<string, string>();
  for (const r of webhook.received) {
    const { key, alert } = JSON.parse(r.body) as { key: string; alert: { service: string; reason: string } };
    assert.equal(alert.reason, 'new');
    webhookServices.set(key, alert.service);
  }
  assert.deepEqual([...webhookServices.values()].sort(), services, 'one key per group, no group missing');
  for (const key of webhookKeys.keys()) assert.match(key, /^[0-9a-f]{32}-1$/);
  // Slack: the same keys, read from the message's context line.
  const slackKeys = keysOf(slack, (body) => /alert `([^`]+)`/.exec(body)?.[1] ?? 'none');
  assert.deepEqual([...slackKeys.keys()].sort(), [...webhookKeys.keys()].sort());
  // Re-sends under the same key can only come from a kill between a send and its bookkeeping.
  const resent = [...webhookKeys.values(), ...slackKeys.values()].reduce((n, c) => n + c - 1, 0);
  assert.ok(resent <= 2 * KILLS, `${resent} re-sends for ${KILLS} kills`);
  t.diagnostic(`${KILLS} kills, ${resent} re-sent deliveries (same key) across Slack and webhook`);
  // Alertmanager: labels are the identity, so one alert per group whatever was re-sent.
  const inAlertmanager = (await alertmanager.alerts()).filter((a) => a.labels.alertname === ALERTNAME);
  assert.deepEqual(inAlertmanager.map((a) => a.labels.service).sort(), services);

  // No record counted twice: every group's total is exactly the records sent for it.
  await forwarder?.stop();
  forwarder = undefined;
  const store = new SqliteStore(join(dir, 'state.db'));
  try {
    for (const key of webhookKeys.keys())
      assert.equal(store.getGroup(key.split('-')[0] as string)?.total, RECORDS_PER_GROUP, key);
  } finally {
    store.close();
  }
});

test('two replicas sharing state in Elasticsearch: one SIGKILLed while holding alerts, the survivor delivers them', async (t) => {
  const es = await elasticsearch();
  const dir = tempDir(t);
  const webhook = await startReceiver();
  t.after(() => webhook.close());
  // Until the kill every delivery fails, so the replica that is killed holds undelivered alerts.
  let down = true;
  const accepted: { key: string; service: string }[] = [];
  webhook.answer = (request) => {
    if (down) return { status: 503, body: 'down' };
    const { key, alert } = JSON.parse(request.body) as { key: string; alert: { service: string } };
    accepted.push({ key, service: alert.service });
    return { status: 200, body: 'ok' };
  };
  const token = 'replicas-token';
  const start = async (name: string) => {
    const [ingestPort, metricsPort] = [await freePort(), await freePort()];
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      `inputs:
  http: { listen: "127.0.0.1:${ingestPort}", token: "\${INGEST_TOKEN}" }
state:
  elasticsearch: { node: "${es.url}", indexPrefix: kansoku-forwarder-kill, path: "${join(dir, `${name}.db`)}", claimLease: 1500ms, claimRecheck: 200ms }
grouping: { realertAfter: 1h }
sinks:
  webhook: { url: "${webhook.url}/hook", secret: "s" }
metrics: { listen: "127.0.0.1:${metricsPort}" }
log: { level: warn }
`,
    );
    const process_ = new ServiceProcess({
      name: `forwarder-${name}`,
      command: process.execPath,
      args: [...CLI, '--config', file],
      cwd: root,
      env: { PATH: process.env.PATH, INGEST_TOKEN: token },
    });
    t.after(() => process_.stop());
    await process_.waitUntilReady(async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).ok, 30_000);
    return {
      process: process_,
      ingest: `http://127.0.0.1:${ingestPort}/ingest`,
      metrics: `http://127.0.0.1:${metricsPort}/metrics`,
    };
  };
  const [a, b] = [await start('a'), await start('b')];
  const pendingOf = async (metrics: string) =>
    Number(
      /^kansoku_forwarder_outbox_pending\{sink="webhook"\} (\d+)$/m.exec(await (await fetch(metrics)).text())?.[1],
    );

  // Batches spread over both replicas, as a Service spreads Fluentd's requests.
  const GROUPS = 12;
  for (let i = 0; i < 2 * GROUPS; i++) {
    const g = i % GROUPS;
    const response = await fetch((i % 2 === 0 ? a : b).ingest, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        errorRecord({ 'event.id': `kill-${i}`, 'service.name': `svc-${g}`, '@timestamp': new Date().toISOString() }),
      ]),
    });
    assert.equal(response.status, 200);
  }
  // Every group decided exactly once across the two, some of them by the replica about to die.
  const held = await waitFor('every alert decided and held', async () => {
    const [onA, onB] = [await pendingOf(a.metrics), await pendingOf(b.metrics)];
    return onA + onB === GROUPS && onA > 0 ? onA : 0;
  });
  process.kill(-a.process.pid, 'SIGKILL');
  await a.process.stop();
  down = false;

  await waitFor(
    'every group delivered by the survivor',
    () => new Set(accepted.map((r) => r.service)).size === GROUPS,
    60_000,
  );
  const keys = new Map<string, number>();
  for (const r of accepted) keys.set(r.key, (keys.get(r.key) ?? 0) + 1);
  assert.equal(keys.size, GROUPS, 'one key per group');
  for (const key of keys.keys()) assert.match(key, /^[0-9a-f]{32}-1$/);
  const resent = [...keys.values()].reduce((n, c) => n + c - 1, 0);
  assert.ok(resent <= 1, `${resent} re-sends after one kill`);
  t.diagnostic(`the killed replica held ${held} of ${GROUPS} alerts; ${resent} re-sent`);
  await waitFor('the survivor settled', async () => (await pendingOf(b.metrics)) === 0);
});
