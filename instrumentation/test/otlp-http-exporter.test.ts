// The OTLP/HTTP exporter (http/protobuf): a service configured for it gets its spans into a
// real Jaeger through Jaeger's OTLP/HTTP receiver; a collector answering with an HTTP error
// makes the export reject with the URL and status, never a header value; a closed port
// rejects too.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { type JaegerService, startJaeger, waitForOtlpTrace } from '../../test/services/jaeger.js';
import { isInstalled } from '../../test/services/paths.js';
import { createTraceEncoder } from '../src/tracing/otlp/encode-traces.js';
import { createOtlpHttpExporter } from '../src/tracing/otlp/http-exporter.js';
import { exportInChild } from './helpers/export-in-child.js';
import { featureSpans } from './helpers/finished-spans.js';
import { observe } from './helpers/observe.js';
import { closedPort } from './helpers/ports.js';
import { scriptedHttpCollector } from './helpers/scripted-collectors.js';
import { newClient, startTestServer, unary } from './helpers/test-service.js';

const skip = isInstalled('jaeger') ? false : 'Jaeger is not installed (bash test/services/install.sh)';
const SECRET = 'Bearer http-s3cr3t';
const encoder = createTraceEncoder({ 'service.name': 'http-test' }, { name: 'test', version: '0' });

test('with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, the spans of a call reach a real Jaeger over OTLP/HTTP', {
  skip,
}, async (t) => {
  let jaeger: JaegerService | undefined;
  jaeger = await startJaeger();
  const base = jaeger.otlpHttpTracesUrl.replace(/\/v1\/traces$/, '');
  const { obs, lines } = observe({
    serviceName: 'otlp-http-test',
    tracing: { scheduledDelayMs: 50, headers: { authorization: SECRET } },
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: base, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
  });
  const server = await startTestServer(
    { interceptors: obs.serverInterceptors },
    { onCall: () => obs.logger.info({ step: 'in-handler' }, 'handling') },
  );
  const client = newClient(server.address, { interceptors: obs.clientInterceptors });
  t.after(async () => {
    client.close();
    await server.stop();
    await obs.shutdown();
    await jaeger?.stop();
  });
  assert.equal((await unary(client, {})).code, 0);
  await obs.flush();
  const traceId = String(lines.find((l) => l.step === 'in-handler')?.['trace.id']);
  assert.match(traceId, /^[0-9a-f]{32}$/);
  const trace = await jaeger.waitForTrace(traceId, 2);
  assert.deepEqual(trace.spans.map((s) => s.operationName).sort(), [
    'kansoku.test.Echo/Unary',
    'kansoku.test.Echo/Unary',
  ]);
  assert.ok(Object.values(trace.processes).every((p) => p.serviceName === 'otlp-http-test'));
});

test('an HTTP error from the collector rejects with the URL, status and its text, never a header value', async (t) => {
  const seen: { type?: string; auth?: string; bytes: number } = { bytes: 0 };
  const collector = createServer((req, res) => {
    seen.type = req.headers['content-type'];
    seen.auth = req.headers.authorization;
    req.on('data', (chunk: Buffer) => {
      seen.bytes += chunk.length;
    });
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('bad\nrequest: span too big');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  t.after(() => collector.close());
  const url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
  const exporter = createOtlpHttpExporter({ url, headers: { authorization: SECRET }, timeoutMs: 5_000 });
  t.after(() => exporter.shutdown());
  const { spans } = featureSpans(3, 4);
  const request = encoder.encode(spans);
  await assert.rejects(exporter.export({ request, spanCount: spans.length }), (err: Error) => {
    assert.match(
      err.message,
      new RegExp(`4 spans to ${url.replace(/[.]/g, '\\.')} failed with HTTP 400: bad request: span too big`),
    );
    assert.doesNotMatch(err.message, /s3cr3t/);
    return true;
  });
  assert.equal(seen.type, 'application/x-protobuf');
  assert.equal(seen.auth, SECRET);
  assert.equal(seen.bytes, request.length);
});

test('a collector that is not listening makes the export reject, naming the URL', async () => {
  const url = `http://127.0.0.1:${await closedPort()}/v1/traces`;
  // Refused connections are retryable (the collector may be restarting): with a first backoff
  // longer than the timeout, the exporter gives up after the first refusal and says so. The
  // timeout is long so that a loaded machine still sees the refusal before it (with 1 s, a
  // run at load 15 saw only the cancellation).
  const retry = { initialBackoffMs: 60_000, maxBackoffMs: 60_000, multiplier: 1, jitter: 0 };
  const exporter = createOtlpHttpExporter({ url, headers: {}, timeoutMs: 10_000, retry });
  const { spans } = featureSpans(4, 1);
  await assert.rejects(
    exporter.export({ request: encoder.encode(spans), spanCount: 1 }),
    new RegExp(
      `1 spans to ${url.replace(/[.]/g, '\\.')} failed: .*ECONNREFUSED.* \\(gave up after 1 attempt: the next retry`,
    ),
  );
  await exporter.shutdown();
  await assert.rejects(exporter.export({ request: encoder.encode(spans), spanCount: 1 }), /shut down/);
});

test('a POST in flight keeps the process alive until the collector answers; an idle exporter does not', async (t) => {
  const collector = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/x-protobuf' });
        res.end();
      }, 500),
    );
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  t.after(() => collector.close());
  const url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
  assert.equal(await exportInChild(url, 'http'), 'exported {"rejectedSpans":0}');
});

test('compression gzip: the body is the request gzipped, with Content-Encoding: gzip', async (t) => {
  const collector = await scriptedHttpCollector(['ok']);
  const exporter = createOtlpHttpExporter({
    url: collector.endpoint,
    headers: {},
    timeoutMs: 5_000,
    compression: 'gzip',
  });
  t.after(async () => {
    await exporter.shutdown();
    await collector.stop();
  });
  const { spans } = featureSpans(5, 50);
  const request = encoder.encode(spans);
  assert.deepEqual(await exporter.export({ request, spanCount: spans.length }), {
    rejectedSpans: 0,
    message: undefined,
  });
  const [sent] = collector.requests;
  assert.equal(sent?.encoding, 'gzip');
  assert.ok((sent?.body.length ?? 0) < request.length, 'the body is smaller than the request');
  assert.deepEqual(gunzipSync(sent?.body ?? Buffer.alloc(0)), request);
});

test('gzipped exports reach a real Jaeger over OTLP/HTTP', { skip }, async (t) => {
  const jaeger = await startJaeger();
  const exporter = createOtlpHttpExporter({
    url: jaeger.otlpHttpTracesUrl,
    headers: {},
    timeoutMs: 10_000,
    compression: 'gzip',
  });
  t.after(async () => {
    await exporter.shutdown();
    await jaeger.stop();
  });
  const { traceId, spans } = featureSpans(6, 20);
  assert.deepEqual(await exporter.export({ request: encoder.encode(spans), spanCount: spans.length }), {
    rejectedSpans: 0,
    message: undefined,
  });
  await waitForOtlpTrace(jaeger, traceId, spans.length);
});
