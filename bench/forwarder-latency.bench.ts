// Scenario: latency from a document indexed in a real Elasticsearch to its alert arriving
// at a webhook receiver, with the forwarder polling every 1 s (safety delay 1 s, the
// index's default refresh interval). The index is a logs-kansoku-* index made by the real
// log template (`kansoku es setup`'s setupLogIndices), as the log pipeline writes it.
// Target: p95 at most 5 s.
//
//   baseline  the same documents' time from the index call to being found by a search
//             (polled every 50 ms): Elasticsearch's refresh lag, which no poller beats.
//   forwarder index call → the alert's POST at the receiver (a new error each time).
//
//   npm run bench -- forwarder-latency [--samples 30]

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import pino from 'pino';
import { elasticsearchClientOptions } from '../src/elasticsearch/client-options.js';
import { setupLogIndices } from '../src/elasticsearch/log-index-setup.js';
import { DEFAULT_LOG_TEMPLATE_OPTIONS } from '../src/elasticsearch/log-templates.js';
import { loadConfig } from '../src/forwarder/config/load.js';
import { startForwarder } from '../src/forwarder/forwarder.js';
import { startElasticsearch } from '../test/services/elasticsearch.js';
import { fmt, machine, printTargets, writeResults } from './lib/report.js';
import { median, quantile } from './lib/stats.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: { samples: { type: 'string', default: '30' } },
});
const samples = Number(args.samples);
const INDEX = 'logs-kansoku-bench-latency';

const arrived = new Map<string, number>();
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { alert?: { service: string } };
    if (body.alert && !arrived.has(body.alert.service)) arrived.set(body.alert.service, performance.now());
    res.end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const es = await startElasticsearch(undefined, { fullJit: true });
const client = new Client(elasticsearchClientOptions({ node: es.url, requestTimeout: 30_000 }));
const dir = mkdtempSync(join(tmpdir(), 'kansoku-bench-'));
try {
  await setupLogIndices(client, DEFAULT_LOG_TEMPLATE_OPTIONS);
  const config = loadConfig({
    text: `inputs: { elasticsearch: { node: "${es.url}", index: "${INDEX}", pollInterval: 1s, safetyDelay: 1s } }
state: { sqlite: { path: "${join(dir, 'state.db')}" } }
sinks: { webhook: { url: "http://127.0.0.1:${(receiver.address() as AddressInfo).port}/" } }
metrics: { listen: "127.0.0.1:0" }`,
    env: {},
  });
  const forwarder = await startForwarder({ config, logger: pino({ level: 'warn' }) });
  const baseline: number[] = [];
  const latency: number[] = [];
  for (let i = 0; i < samples; i++) {
    const service = `svc-${i}`;
    const indexed = performance.now();
    await client.index({
      index: INDEX,
      document: {
        '@timestamp': new Date().toISOString(),
        'log.level': 'error',
        message: `boom ${i}`,
        'service.name': service,
        'event.id': `lat-${i}`,
      },
    });
    const sent = performance.now();
    for (;;) {
      const found = await client.search({ index: INDEX, query: { term: { 'event.id': `lat-${i}` } }, size: 1 });
      if (found.hits.hits.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    baseline.push((performance.now() - sent) / 1000);
    while (!arrived.has(service)) await new Promise((resolve) => setTimeout(resolve, 20));
    latency.push(((arrived.get(service) as number) - indexed) / 1000);
    // Spread the documents over the poll cycle.
    await new Promise((resolve) => setTimeout(resolve, 300 + ((i * 377) % 900)));
  }
  await forwarder.stop();
  console.log(
    `\n${samples} documents, one new error each; poll 1 s, safety delay 1 s; machine shared with other work\n`,
  );
  console.log('| variant | p50 s | p95 s | max s |');
  console.log('|---|---|---|---|');
  for (const [name, values] of [
    ['baseline (searchable)', baseline],
    ['forwarder (alert received)', latency],
  ] as const)
    console.log(
      `| ${name} | ${fmt(median(values), 2)} | ${fmt(quantile(values, 0.95), 2)} | ${fmt(Math.max(...values), 2)} |`,
    );
  const p95 = quantile(latency, 0.95);
  printTargets([{ target: 'forwarder p95 <= 5 s', figure: p95, met: p95 <= 5 }]);
  console.log(
    `results: ${writeResults('forwarder-latency', new Date(), { machine: machine(), samples, baseline, latency })}`,
  );
} finally {
  await client.close();
  await es.stop();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
