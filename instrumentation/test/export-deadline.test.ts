// The export timeout cancels the request in flight: a collector that never answers sees its
// HTTP/2 stream reset (gRPC) or its request closed (HTTP) when the timeout passes, and the
// export rejects saying so. The batch processor's own signal cancels the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTraceEncoder } from '../src/tracing/otlp/encode-traces.js';
import { startDeadline } from '../src/tracing/otlp/export-deadline.js';
import { createOtlpGrpcExporter } from '../src/tracing/otlp/grpc-exporter.js';
import { createOtlpHttpExporter } from '../src/tracing/otlp/http-exporter.js';
import { featureSpans } from './helpers/finished-spans.js';
import { scriptedGrpcCollector, scriptedHttpCollector } from './helpers/scripted-collectors.js';
import { until } from './helpers/until.js';

const encoder = createTraceEncoder({ 'service.name': 'deadline-test' }, { name: 'test', version: '0' });
const batch = () => {
  const { spans } = featureSpans(41, 2);
  return { request: encoder.encode(spans), spanCount: spans.length };
};

test('gRPC: an export that hangs is cancelled at the timeout, and the collector sees the cancellation', async (t) => {
  const collector = await scriptedGrpcCollector(['hang']);
  const exporter = createOtlpGrpcExporter({ endpoint: collector.endpoint, headers: {}, timeoutMs: 1_000 });
  t.after(async () => {
    await exporter.shutdown();
    await collector.stop();
  });
  await assert.rejects(
    exporter.export(batch()),
    /failed with DEADLINE_EXCEEDED: cancelled: no answer within the export timeout of 1000 ms$/,
  );
  await until('the collector to see the request cancelled', () => collector.arrivals[0]?.cancelled === true);
  assert.equal(collector.arrivals.length, 1);
});

test('HTTP: an export that hangs is cancelled at the timeout, and the collector sees the request closed', async (t) => {
  const collector = await scriptedHttpCollector(['hang']);
  const exporter = createOtlpHttpExporter({ url: collector.endpoint, headers: {}, timeoutMs: 1_000 });
  t.after(async () => {
    await exporter.shutdown();
    await collector.stop();
  });
  await assert.rejects(exporter.export(batch()), /failed: cancelled: no answer within the export timeout of 1000 ms$/);
  await until('the collector to see the request cancelled', () => collector.arrivals[0]?.cancelled === true);
  assert.equal(collector.arrivals.length, 1);
});

test("the caller's signal (the batch processor's timeout) cancels too, before the exporter's own timeout", async (t) => {
  const collector = await scriptedGrpcCollector(['hang']);
  const exporter = createOtlpGrpcExporter({ endpoint: collector.endpoint, headers: {}, timeoutMs: 60_000 });
  t.after(async () => {
    await exporter.shutdown();
    await collector.stop();
  });
  const controller = new AbortController();
  const result = exporter.export(batch(), controller.signal);
  await until('the request to arrive', () => collector.arrivals.length === 1);
  controller.abort();
  await assert.rejects(result, /cancelled: the batch processor.s export timeout passed/);
  await until('the collector to see the request cancelled', () => collector.arrivals[0]?.cancelled === true);
});

test('startDeadline: fires at its timeout, or at once for a signal already aborted; dispose stops it', async () => {
  const short = startDeadline(20, undefined);
  await until('the deadline to fire', () => short.signal.aborted);
  assert.match(short.reason(), /export timeout of 20 ms/);
  const caller = new AbortController();
  caller.abort();
  const already = startDeadline(60_000, caller.signal);
  assert.equal(already.signal.aborted, true);
  already.dispose();
  const disposed = startDeadline(20, undefined);
  disposed.dispose();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(disposed.signal.aborted, false);
});
