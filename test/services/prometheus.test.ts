import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { binary } from './paths.js';
import { type PrometheusService, startPrometheus } from './prometheus.js';
import { runTool } from './run-tool.js';

// A tiny target whose counter the test controls, so the queried value is known.
let target: Server;
let prometheus: PrometheusService;
let hits = 0;

before(async () => {
  target = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    hits += 1;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      `# HELP smoke_scrapes_total Scrapes served.\n# TYPE smoke_scrapes_total counter\nsmoke_scrapes_total{path="/metrics"} 42\n`,
    );
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const port = (target.address() as AddressInfo).port;
  prometheus = await startPrometheus({ scrape: [{ job: 'smoke', targets: [`127.0.0.1:${port}`] }] });
});

after(async () => {
  await prometheus?.stop();
  target?.close();
});

test('prometheus is a real 3.x', async () => {
  const result = await runTool(binary('prometheus'), ['--version']);
  assert.match(result.stdout + result.stderr, /prometheus, version 3\.\d+\.\d+/);
  const info = await prometheus.api<{ version: string }>('status/buildinfo');
  assert.match(info.version, /^3\./);
});

test('prometheus scrapes a target and answers the query API', async () => {
  await prometheus.waitForTargetsUp();
  const result = await prometheus.query('smoke_scrapes_total{job="smoke"}');
  assert.equal(result.length, 1);
  assert.equal(result[0]?.value[1], '42');
  assert.equal(result[0]?.metric.path, '/metrics');
  assert.ok(hits > 0, 'the target saw the scrape');
});

test('a bad PromQL expression is reported with Prometheus’s own error', async () => {
  await assert.rejects(prometheus.query('sum(rate(x[5m])'), /bad_data/);
});

test('queryExpectingData asks an empty answer again until data comes, and returns empty if none does', async () => {
  // Empty for the first three seconds from now, then one sample: only a re-ask can see it.
  const from = Math.ceil(Date.now() / 1000) + 3;
  const later = await prometheus.queryExpectingData(`vector(time()) > ${from}`);
  assert.equal(later.length, 1);
  assert.deepEqual(await prometheus.queryExpectingData('no_such_metric_anywhere'), []);
});
