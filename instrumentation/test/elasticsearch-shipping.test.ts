// Direct shipping to Elasticsearch never blocks or breaks the service: with Elasticsearch
// unreachable, calls and logging go on, stdout keeps every line, and the lines not shipped
// are counted with one log line saying why.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { type ElasticsearchService, startElasticsearch } from '../../test/services/elasticsearch.js';
import { elasticsearch } from '../../test/services/paths.js';
import { ERROR_CODES, METRICS } from '../src/index.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, sample, serve } from './helpers/observe.js';
import { closedPort } from './helpers/ports.js';
import { unary } from './helpers/test-service.js';

test('Elasticsearch unreachable: calls and stdout lines go on, undelivered lines are counted, one report', async (t) => {
  const port = await closedPort();
  const { obs, lines } = observe({
    logging: { elasticsearch: { node: `http://127.0.0.1:${port}`, flushIntervalMs: 20 } },
  });
  const { client } = await serve(t, obs);
  const started = performance.now();
  for (let round = 0; round < 20; round++) {
    assert.equal((await unary(client, {})).code, 0);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // The calls were not held up by Elasticsearch: each would otherwise wait for its retries
  // (about 8 s), 160 s for the 20. The bound is far from both, as a loaded machine can take
  // many times the 0.5 s the loop needs on a quiet one.
  assert.ok(performance.now() - started < 60_000);
  let failures = 0;
  // The Elasticsearch client retries with backoff first (about 8 s against a refused port).
  for (let i = 0; i < 1200 && failures === 0; i++) {
    failures = await sample(obs, METRICS.instrumentationErrors.name, { component: 'log_shipping' });
    // The shipper notices a failed flush when it is handed the next line, as in a live service.
    obs.logger.info({ poll: i }, 'still running');
    if (failures === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(failures >= 1, 'the shipping failure is counted');
  for (let i = 0; i < 5; i++) obs.logger.info('after the failure');
  await obs.flush();
  assert.ok((await sample(obs, METRICS.logsDropped.name)) >= 5, 'lines written while shipping is down are counted');
  assert.equal(lines.filter((l) => l['log.logger'] === 'grpc.access').length, 20, 'stdout has every access line');
  assert.equal(lines.filter((l) => l['error.code'] === ERROR_CODES.logShipping).length, 1);
});

test('logging.elasticsearch needs a node', () => {
  assert.throws(
    () => observe({ logging: { elasticsearch: {} as never } }),
    /options\.logging\.elasticsearch\.node is required/,
  );
});

const esSkip = existsSync(elasticsearch.home)
  ? false
  : 'Elasticsearch is not installed (bash test/services/install.sh)';

// One node for the file, started by the first test that needs it: each test writes an index
// of its own, and the outage test resumes the node it paused.
let node: ElasticsearchService | undefined;
const startedNode = async () => {
  node ??= await startElasticsearch();
  return node;
};
after(() => node?.stop());

test('with a real Elasticsearch, shipped lines arrive with their ECS fields', { skip: esSkip }, async (t) => {
  const es = await startedNode();
  const index = 'kansoku-shipping-test';
  const { obs } = observe({
    tracing: { encodedExporter: memoryExporter() },
    logging: { elasticsearch: { node: es.url, index, flushIntervalMs: 100 } },
  });
  const { client } = await serve(t, obs, {
    hooks: { onCall: () => obs.logger.error({ err: new RangeError('shipped with its stack') }, 'inside a call') },
  });
  await unary(client, {});
  const reader = new Client({ node: es.url });
  t.after(() => reader.close());
  let hits: Record<string, unknown>[] = [];
  const complete = () =>
    hits.some((h) => h.message === 'inside a call') && hits.some((h) => h['log.logger'] === 'grpc.access');
  for (let i = 0; i < 600 && !complete(); i++) {
    // The shipper sends when it is handed lines, as in a live service.
    obs.logger.info({ tick: i }, 'tick');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const found = await reader
      .search({ index, query: { match_all: {} }, size: 1000 }, { ignore: [404] })
      .catch(() => undefined);
    await reader.indices.refresh({ index }, { ignore: [404] }).catch(() => undefined);
    hits = (found?.hits?.hits ?? []).map((h) => h._source as Record<string, unknown>);
  }
  const error = hits.find((h) => h.message === 'inside a call');
  assert.ok(error, JSON.stringify(hits));
  const flat = JSON.stringify(error);
  assert.match(flat, /"error.stack_trace":"RangeError: shipped with its stack\\n\s+at /);
  assert.match(flat, /"trace.id":"[0-9a-f]{32}"/);
  assert.ok(hits.some((h) => h['log.logger'] === 'grpc.access'));
});

test('Elasticsearch stops mid-run: calls go on, undelivered lines are counted and reported once, shipping resumes when it is back', {
  skip: esSkip,
}, async (t) => {
  const es = await startedNode();
  const index = 'kansoku-shipping-outage';
  const { obs, lines } = observe({ logging: { elasticsearch: { node: es.url, index, flushIntervalMs: 100 } } });
  const { client } = await serve(t, obs);
  const reader = new Client({ node: es.url, maxRetries: 0, requestTimeout: 5_000 });
  t.after(() => reader.close());
  const shipped = async (message: string) => {
    await reader.indices.refresh({ index }, { ignore: [404] }).catch(() => undefined);
    const found = await reader
      .count({ index, query: { match_phrase: { message } } }, { ignore: [404] })
      .catch(() => undefined);
    return found?.count ?? 0;
  };
  const until = async (what: string, check: () => Promise<boolean>, write: (i: number) => void) => {
    for (let i = 0; i < 1200; i++) {
      write(i);
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`${what} did not happen`);
  };

  await until(
    'shipping before the outage',
    async () => (await shipped('before the outage')) > 0,
    (i) => obs.logger.info({ i }, 'before the outage'),
  );
  await es.pause();
  let calls = 0;
  await until(
    'the outage being counted',
    async () => (await sample(obs, METRICS.logsDropped.name)) >= 5,
    (i) => {
      obs.logger.info({ i }, 'during the outage');
      void unary(client, {}).then((r) => {
        if (r.code === 0) calls++;
      });
    },
  );
  assert.ok(calls > 0, 'calls are answered while Elasticsearch is down');
  assert.equal(
    lines.filter((l) => l['error.code'] === ERROR_CODES.logShipping).length,
    1,
    'one report line, not one per line',
  );
  await es.resume();
  await until(
    'shipping after the outage',
    async () => (await shipped('after the outage')) > 0,
    (i) => obs.logger.info({ i }, 'after the outage'),
  );
  assert.ok(
    lines.some((l) => l.message === 'during the outage'),
    'stdout kept the lines Elasticsearch missed',
  );
});
