import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createPrometheusApi, PrometheusApiError } from '../../src/prometheus/http-api.js';
import { isInstalled } from '../services/paths.js';
import { type PrometheusService, startPrometheus } from '../services/prometheus.js';

const installed = isInstalled('prometheus');
const SKIP = !installed && 'Prometheus is not installed: run `npm run services:install`';

let prometheus: PrometheusService | undefined;
let recorder: Server | undefined;
let recorderUrl = '';
let seen: IncomingMessage | undefined;
let answer = '{"status":"success","data":["a"]}';

before(async () => {
  // Records what a reverse proxy in front of Prometheus would receive.
  recorder = createServer((req, res) => {
    seen = req;
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  });
  await new Promise<void>((resolve) => recorder?.listen(0, '127.0.0.1', resolve));
  recorderUrl = `127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  if (installed) prometheus = await startPrometheus();
});

after(async () => {
  await prometheus?.stop();
  await new Promise((resolve) => recorder?.close(resolve));
});

test('reads the TSDB status, label values and instant vectors of a real Prometheus', { skip: SKIP }, async () => {
  assert.ok(prometheus);
  const api = createPrometheusApi({ url: prometheus.url });
  const status = await api.tsdbStatus(10);
  assert.equal(typeof status.headStats.numSeries, 'number');
  assert.deepEqual(await api.labelValues('job', '{job="nothing-here"}'), []);
  const samples = await api.query('vector(7)');
  assert.equal(samples[0]?.value[1], '7');
  await assert.rejects(api.query('sum by ('), (e: unknown) => {
    assert.ok(e instanceof PrometheusApiError);
    assert.equal(e.code, 'KANSOKU_ERR_PROMETHEUS_API');
    assert.match(e.message, /answered HTTP 400: bad_data: .*parse error/);
    return true;
  });
});

test('credentials in the URL become basic auth, and a path prefix is kept', async () => {
  answer = '{"status":"success","data":["a"]}';
  const api = createPrometheusApi({ url: `http://user:p%40ss@${recorderUrl}/prometheus/` });
  assert.deepEqual(await api.labelValues('job'), ['a']);
  assert.equal(seen?.url, '/prometheus/api/v1/label/job/values');
  assert.equal(seen?.headers.authorization, `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
  assert.equal(api.url, `http://${recorderUrl}/prometheus`, 'the shown URL carries no credentials');
});

test('an answer that is not the API JSON says so', async () => {
  answer = '<html>login</html>';
  const api = createPrometheusApi({ url: `http://${recorderUrl}` });
  await assert.rejects(api.query('up'), /did not answer with the Prometheus API's JSON: <html>login<\/html>/);
});
