// Export over OTLP/gRPC to a real Jaeger, and the failure path: with the collector down and
// the metrics port taken, calls still succeed, and both failures are counted and logged once;
// Jaeger stopped and restarted during a steady stream of spans loses none of the spans
// created while it was away (they wait in the queue while the batch in flight is retried).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { type JaegerService, startJaeger, waitForOtlpTrace } from '../../test/services/jaeger.js';
import { isInstalled } from '../../test/services/paths.js';
import { ERROR_CODES, METRICS } from '../src/index.js';
import { observe, sample } from './helpers/observe.js';
import { closedPort, takenPort } from './helpers/ports.js';
import { newClient, startTestServer, TEST_SERVICE, unary } from './helpers/test-service.js';

const skip = isInstalled('jaeger') ? false : 'Jaeger is not installed (bash test/services/install.sh)';

test("spans reach a real Jaeger over OTLP/gRPC, continuing the caller's trace", { skip }, async (t) => {
  let jaeger: JaegerService | undefined;
  jaeger = await startJaeger();
  const { obs } = observe({
    serviceName: 'otlp-test',
    tracing: { endpoint: `http://${jaeger.otlpGrpcEndpoint}`, scheduledDelayMs: 50 },
    env: { K8S_POD_NAME: 'otlp-test-pod', K8S_NAMESPACE_NAME: 'ns', K8S_NODE_NAME: 'node-1' },
  });
  const server = await startTestServer({ interceptors: obs.serverInterceptors });
  const bare = newClient(server.address);
  const instrumented = newClient(server.address, { interceptors: obs.clientInterceptors });
  t.after(async () => {
    bare.close();
    instrumented.close();
    await server.stop();
    await obs.shutdown();
    await jaeger?.stop();
  });

  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const callerSpan = 'b7ad6b7169203331';
  const metadata = new grpc.Metadata();
  metadata.set('traceparent', `00-${traceId}-${callerSpan}-01`);
  assert.equal((await unary(bare, {}, { metadata })).code, 0);
  const { reply } = await unary(instrumented, {});
  await obs.flush();

  const continued = await jaeger.waitForTrace(traceId, 1);
  const [serverSpan] = continued.spans;
  assert.equal(serverSpan?.operationName, `${TEST_SERVICE}/Unary`);
  assert.equal(serverSpan?.references.find((r) => r.refType === 'CHILD_OF')?.spanID, callerSpan);
  const proc = continued.processes[serverSpan?.processID ?? ''];
  assert.equal(proc?.serviceName, 'otlp-test');
  const tags = Object.fromEntries((proc?.tags ?? []).map((tag) => [tag.key, tag.value]));
  assert.equal(tags['service.version'], '9.9.9');
  assert.equal(tags['k8s.pod.name'], 'otlp-test-pod');
  assert.equal(tags['k8s.namespace.name'], 'ns');
  assert.equal(tags['k8s.node.name'], 'node-1');

  const ownTrace = String(reply?.traceparent).split('-')[1] as string;
  const both = await jaeger.waitForTrace(ownTrace, 2);
  const kinds = both.spans.map((s) => s.tags.find((tag) => tag.key === 'span.kind')?.value).sort();
  assert.deepEqual(kinds, ['client', 'server']);
  // Three spans ended (the bare caller's server span, the instrumented client and server spans) and Jaeger took them all.
  assert.equal(await sample(obs, METRICS.spansExported.name), 3);
  // The exporter's own Export calls are not instrumented: the service's only operation is the
  // test's method, and no client metrics were counted for TraceService/Export.
  const operations = (await (await fetch(`${jaeger.queryUrl}/api/services/otlp-test/operations`)).json()) as {
    data: string[] | null;
  };
  assert.deepEqual([...new Set(operations.data ?? [])], [`${TEST_SERVICE}/Unary`]);
  assert.equal(await sample(obs, METRICS.clientStarted.name, { grpc_method: 'Export' }), 0);
});

test('collector down and metrics port taken: calls succeed, failures are counted and logged once', async (t) => {
  const taken = await takenPort();
  const otlpPort = await closedPort();
  const { obs, lines } = observe({
    metrics: { port: taken.port, host: '127.0.0.1' },
    tracing: { endpoint: `http://127.0.0.1:${otlpPort}`, scheduledDelayMs: 10, exportTimeoutMs: 1_000 },
  });
  const server = await startTestServer({ interceptors: obs.serverInterceptors });
  const client = newClient(server.address, { interceptors: obs.clientInterceptors });
  t.after(async () => {
    client.close();
    await server.stop();
    await obs.shutdown();
    taken.release();
  });

  assert.deepEqual(await obs.ready, { metricsPort: undefined, metricsUrl: undefined });
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 10; i++) assert.equal((await unary(client, {})).code, 0);
    await obs.flush();
  }
  assert.equal(await sample(obs, METRICS.serverHandled.name, { grpc_code: 'OK' }), 20);
  assert.equal(await sample(obs, METRICS.spansDropped.name, { reason: 'export_failed' }), 40);
  assert.equal(await sample(obs, METRICS.spansExported.name), 0);
  assert.equal(await sample(obs, METRICS.instrumentationErrors.name, { component: 'metrics_endpoint' }), 1);
  assert.ok((await sample(obs, METRICS.instrumentationErrors.name, { component: 'span_export' })) >= 2);
  const problems = lines.filter((l) => l['log.logger'] === 'kansoku');
  assert.deepEqual(
    problems.map((l) => l['error.code']).sort(),
    [ERROR_CODES.metricsListen, ERROR_CODES.spanExport].sort(),
  );
  const listen = problems.find((l) => l['error.code'] === ERROR_CODES.metricsListen);
  assert.match(String(listen?.message), new RegExp(`127\\.0\\.0\\.1:${taken.port}`));
  assert.equal(listen?.['error.type'], 'Error');
  assert.match(String(listen?.['error.message']), /EADDRINUSE/);
});

test('Jaeger stopped and restarted during a steady stream: every span created while it was down reaches it', {
  skip,
}, async (t) => {
  const jaeger = await startJaeger();
  // The retry window: one export, retries included, may take 30 s; Jaeger is away for the
  // time it takes to stop and start again (a few seconds here), well inside it.
  const { obs } = observe({
    serviceName: 'restart-test',
    tracing: { endpoint: `http://${jaeger.otlpGrpcEndpoint}`, scheduledDelayMs: 50, timeoutMs: 30_000 },
  });
  t.after(async () => {
    await obs.shutdown();
    await jaeger.stop();
  });
  const tracer = obs.tracer;
  assert.ok(tracer);
  const root = tracer.startSpan('stream');
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  const traceId = root.spanContext().traceId;
  const ended: { spanId: string; at: number }[] = [];
  let streaming = true;
  const stream = (async () => {
    while (streaming) {
      const span = tracer.startSpan('tick', {}, parent);
      span.end();
      ended.push({ spanId: span.spanContext().spanId, at: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  await new Promise((resolve) => setTimeout(resolve, 500));
  let downAt = 0;
  let upAt = 0;
  await jaeger.restart(async () => {
    downAt = Date.now();
    // Stay down until spans have ended while the collector is away, however slowly a busy
    // machine runs the stream.
    while (ended.filter((e) => e.at >= downAt).length <= 15) await new Promise((resolve) => setTimeout(resolve, 50));
  });
  upAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 500));
  streaming = false;
  await stream;
  await obs.flush();

  // The restarted Jaeger starts empty: it holds what was exported after it came back, which
  // must include every span that ended from the moment the old process was gone.
  const expected = ended.filter((e) => e.at >= downAt).map((e) => e.spanId);
  const duringDowntime = ended.filter((e) => e.at >= downAt && e.at < upAt).length;
  assert.ok(duringDowntime > 10, `only ${duringDowntime} spans ended while Jaeger was down`);
  const found = await waitForOtlpTrace(jaeger, traceId, expected.length);
  const ids = new Set(
    found.resourceSpans.flatMap((rs) => rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((s) => s.spanId)),
  );
  const lost = expected.filter((id) => !ids.has(id));
  assert.deepEqual(lost, [], `${lost.length} of ${expected.length} spans lost`);
  assert.equal(await sample(obs, METRICS.spansDropped.name), 0);
});
