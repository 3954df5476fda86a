import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { startIngestServer } from '../../../src/forwarder/http/ingest-server.js';
import { createForwarderMetrics } from '../../../src/forwarder/metrics.js';
import { createProcessor } from '../../../src/forwarder/processor.js';
import { SqliteStore } from '../../../src/forwarder/state/sqlite-store.js';
import { configFrom, errorRecord, tempDir } from '../helpers.js';

const TOKEN = 'ingest-token-123';

async function setup(t: Parameters<typeof tempDir>[0], maxBodyBytes = 64 * 1024) {
  const config = configFrom(
    `inputs: { http: { token: ${TOKEN} } }\nsinks: { webhook: { url: "http://127.0.0.1:1/" } }`,
  );
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  const sinks = ['webhook'] as const;
  const metrics = createForwarderMetrics({ groups: () => 0, pending: () => 0, sinks });
  const processor = createProcessor({ config, store, metrics, sinks, now: Date.now });
  const { server, url } = await startIngestServer({
    listen: { host: '127.0.0.1', port: 0 },
    token: TOKEN,
    maxBodyBytes,
    processor,
    store,
    logger: pino({ level: 'silent' }),
    now: Date.now,
  });
  t.after(async () => {
    await new Promise((resolve) => server.close(resolve));
    store.close();
  });
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${url}/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  return { url, store, post };
}

const records = (n: number, prefix = 'e') =>
  Array.from({ length: n }, (_, i) => errorRecord({ 'event.id': `${prefix}${i}`, message: `failure ${i}` }));

test('a JSON array is applied and answered with what happened; the same batch again is all duplicates', async (t) => {
  const { post } = await setup(t);
  const body = JSON.stringify(records(3));
  const first = await post(body);
  assert.equal(first.status, 200);
  assert.deepEqual(await first.json(), { received: 3, errors: 3, duplicates: 0, alerts: 1, groupsCreated: 1 });
  const retry = await post(body);
  assert.deepEqual(await retry.json(), { received: 3, errors: 0, duplicates: 3, alerts: 0, groupsCreated: 0 });
});

test('NDJSON and gzip are accepted', async (t) => {
  const { post } = await setup(t);
  const ndjson = records(2)
    .map((r) => JSON.stringify(r))
    .join('\n');
  const a = await post(ndjson, { 'content-type': 'application/x-ndjson' });
  assert.equal(((await a.json()) as { errors: number }).errors, 2);
  const b = await post(gzipSync(JSON.stringify(records(2, 'g'))), { 'content-encoding': 'gzip' });
  assert.equal(b.status, 200);
  assert.equal(((await b.json()) as { errors: number }).errors, 2);
});

test('without the right bearer token: 401 and nothing applied', async (t) => {
  const { url, store } = await setup(t);
  for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`]) {
    const response = await fetch(`${url}/ingest`, {
      method: 'POST',
      headers: authorization ? { authorization } : {},
      body: JSON.stringify(records(1)),
    });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
  }
  assert.equal(store.countGroups(), 0);
});

test('malformed bodies get a 4xx that says why, and nothing of them is applied', async (t) => {
  const { post, store } = await setup(t);
  const good = JSON.stringify(records(2));
  const truncated = await post(good.slice(0, good.length - 5));
  assert.equal(truncated.status, 400);
  assert.match(((await truncated.json()) as { error: string }).error, /^the body is not valid JSON/);
  const badLine = await post(`${JSON.stringify(records(1)[0])}\n{"oops"`, { 'content-type': 'application/x-ndjson' });
  assert.equal(badLine.status, 400);
  assert.match(((await badLine.json()) as { error: string }).error, /^line 2 of the NDJSON body is not valid JSON/);
  const badGzip = await post(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
  assert.equal(badGzip.status, 400);
  assert.match(((await badGzip.json()) as { error: string }).error, /not valid gzip/);
  const brotli = await post(good, { 'content-encoding': 'br' });
  assert.equal(brotli.status, 415);
  // One unreadable record: the whole batch is refused, listing the record and the reason.
  const mixed = await post(JSON.stringify([...records(2), { message: 'no timestamp' }]));
  assert.equal(mixed.status, 422);
  const body = (await mixed.json()) as { error: string; problems: string[] };
  assert.match(body.error, /1 of 3 records cannot be read; nothing was applied/);
  assert.deepEqual(body.problems, ['record 2: @timestamp is missing or not a date']);
  assert.equal(store.countGroups(), 0);
  assert.equal(store.acceptEvent('e0', 0), true, 'no event id of a refused batch was taken');
});

test('oversized bodies get 413, on the wire and once inflated', async (t) => {
  const { post, store } = await setup(t, 4096);
  const big = JSON.stringify(records(40));
  assert.ok(big.length > 4096);
  const plain = await post(big);
  assert.equal(plain.status, 413);
  assert.match(((await plain.json()) as { error: string }).error, /more than the limit of 4096/);
  const bomb = gzipSync(Buffer.alloc(1_000_000, ' '));
  assert.ok(bomb.length < 4096);
  const inflated = await post(bomb, { 'content-encoding': 'gzip' });
  assert.equal(inflated.status, 413);
  assert.match(((await inflated.json()) as { error: string }).error, /inflates to more than the limit/);
  assert.equal(store.countGroups(), 0);
});

test('silences API: add with an expiry, list, refuse bad input with every problem, delete', async (t) => {
  const { url } = await setup(t);
  const api = (method: string, path = '', body?: unknown) =>
    fetch(`${url}/api/v1/silences${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const created = await api('POST', '', {
    match: { service: 'checkout' },
    duration: '2h',
    comment: 'deploy',
    createdBy: 'sre',
  });
  assert.equal(created.status, 201);
  const silence = (await created.json()) as { id: string; until: number };
  assert.ok(silence.until > Date.now() + 7_000_000);
  const listed = (await (await api('GET')).json()) as { id: string }[];
  assert.deepEqual(
    listed.map((s) => s.id),
    [silence.id],
  );
  const bad = await api('POST', '', { match: { colour: 'red' }, comment: '' });
  assert.equal(bad.status, 400);
  const problems = ((await bad.json()) as { problems: string[] }).problems;
  assert.ok(
    problems.some((p) => p.includes('createdBy')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('/match') && p.includes('colour')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('/comment')),
    problems.join('\n'),
  );
  const forever = await api('POST', '', { match: { service: 'x' }, comment: 'c', createdBy: 'me' });
  assert.equal(forever.status, 400);
  assert.deepEqual(((await forever.json()) as { problems: string[] }).problems, [
    '/: until or duration is required (silences expire)',
  ]);
  assert.equal((await api('DELETE', `/${silence.id}`)).status, 204);
  assert.equal((await api('DELETE', `/${silence.id}`)).status, 404);
  assert.deepEqual(await (await api('GET')).json(), []);
  const anonymous = await fetch(`${url}/api/v1/silences`);
  assert.equal(anonymous.status, 401);
});
