// The per-call access line: its fields, its levels, sampling of successful calls only,
// the client side on request, and off entirely.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { observe, serve } from './helpers/observe.js';
import { TEST_SERVICE, unary } from './helpers/test-service.js';

async function setup(t: import('node:test').TestContext, options: Parameters<typeof observe>[0] = {}) {
  const { obs, lines } = observe(options);
  const { client } = await serve(t, obs, { instrumentClient: true });
  const access = async () => {
    await obs.flush();
    return lines.filter((l) => l['log.logger'] === 'grpc.access');
  };
  return { obs, client, access };
}

test('one line per server call with method, code, duration and peer; failures at warn with the details', async (t) => {
  const { client, access } = await setup(t);
  await unary(client, {});
  await unary(client, { fail: grpc.status.PERMISSION_DENIED });
  const [ok, denied] = await access();
  assert.equal(ok?.['log.level'], 'info');
  assert.equal(ok?.['grpc.service'], TEST_SERVICE);
  assert.equal(ok?.['grpc.method'], 'Unary');
  assert.equal(ok?.['grpc.type'], 'unary');
  assert.equal(ok?.['grpc.code'], 'OK');
  assert.equal(ok?.['event.outcome'], 'success');
  assert.ok(Number(ok?.['event.duration']) > 0);
  assert.match(String(ok?.['client.address']), /^127\.0\.0\.1:\d+$/);
  assert.equal(ok?.['client.ip'], '127.0.0.1');
  assert.equal(`127.0.0.1:${ok?.['client.port']}`, ok?.['client.address']);
  assert.equal(typeof ok?.['client.port'], 'number');
  assert.equal(denied?.['log.level'], 'warn');
  assert.equal(denied?.['grpc.code'], 'PermissionDenied');
  assert.equal(denied?.['event.outcome'], 'failure');
  assert.equal(denied?.['error.message'], 'failing with 7 as asked');
});

test('successSampleRatio 0 keeps failures only; levels are configurable', async (t) => {
  const { client, access } = await setup(t, {
    logging: { accessLog: { successSampleRatio: 0, failureLevel: 'error' } },
  });
  for (let i = 0; i < 5; i++) await unary(client, {});
  await unary(client, { fail: grpc.status.INTERNAL });
  const lines = await access();
  assert.equal(lines.length, 1);
  assert.equal(lines[0]?.['log.level'], 'error');
});

test('a fractional ratio keeps roughly that share of successful calls', async (t) => {
  const { client, access } = await setup(t, { logging: { accessLog: { successSampleRatio: 0.5 } } });
  for (let i = 0; i < 200; i++) await unary(client, {});
  const n = (await access()).length;
  // 200 draws at p=0.5: outside 60..140 has probability below 1e-8.
  assert.ok(n > 60 && n < 140, `${n} of 200 kept`);
});

test('client lines on request, and no lines when the access log is off', async (t) => {
  const withClient = await setup(t, { logging: { accessLog: { client: true } } });
  await unary(withClient.client, {});
  assert.equal((await withClient.access()).length, 2);
  const off = await setup(t, { logging: { accessLog: false } });
  await unary(off.client, {});
  assert.equal((await off.access()).length, 0);
});
