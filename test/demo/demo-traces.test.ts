// The demo with tracing, against a real Jaeger (OTLP/gRPC) and a real Prometheus:
// - a trace id read from a log line finds, in Jaeger, the load generator's client span and
//   the shop's server span, the server span's parent being the client span;
// - PlaceOrder's own calls to GetProduct nest under its server span;
// - the histogram exemplars Prometheus stored carry trace ids Jaeger knows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectLines } from '../../instrumentation/test/helpers/observe.js';
import { DEMO_LOADGEN_NAME, DEMO_SERVICE_NAME, type Demo, startDemo } from '../../src/demo/demo.js';
import { type JaegerService, type JaegerSpan, startJaeger } from '../services/jaeger.js';
import { isInstalled } from '../services/paths.js';
import { type PrometheusService, startPrometheus } from '../services/prometheus.js';

const skip =
  isInstalled('prometheus') && isInstalled('jaeger')
    ? false
    : 'Prometheus or Jaeger is not installed (bash test/services/install.sh)';

function parentOf(span: JaegerSpan): string | undefined {
  return span.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
}

test('log lines, Jaeger spans and Prometheus exemplars of the demo point at the same traces', { skip }, async (t) => {
  const { lines, stream } = collectLines();
  let jaeger: JaegerService | undefined;
  let prometheus: PrometheusService | undefined;
  let demo: Demo | undefined;
  t.after(async () => {
    await demo?.stop();
    await prometheus?.stop();
    await jaeger?.stop();
  });
  jaeger = await startJaeger();
  demo = await startDemo({
    rate: 50,
    calls: 150,
    seed: 3,
    logDestination: stream as never,
    tracingEndpoint: `http://${jaeger.otlpGrpcEndpoint}`,
  });
  prometheus = await startPrometheus({
    scrape: [{ job: 'demo', targets: [new URL(demo.metricsUrl).host] }],
    scrapeInterval: '1s',
    exemplars: true,
  });
  await demo.loadDone;
  await prometheus.waitForTargetsUp();
  // Every call's client and server span reached Jaeger, and the summary's count says so.
  await Promise.all([demo.shop.flush(), demo.loadgen.flush()]);
  const { spansExported } = await demo.stats();
  assert.ok((spansExported ?? 0) >= 300, `spans exported: ${spansExported}`);

  // An access line of a PlaceOrder call: its trace has the load generator's client span, the
  // shop's server span, and the shop's own GetProduct client and server spans below it.
  const access = lines.find(
    (l) => l['log.logger'] === 'grpc.access' && l['grpc.method'] === 'PlaceOrder' && l['grpc.code'] === 'OK',
  );
  assert.ok(access, 'an access line of a successful PlaceOrder');
  assert.equal(access['service.name'], DEMO_SERVICE_NAME);
  const traceId = access['trace.id'] as string;
  const trace = await jaeger.waitForTrace(traceId, 4);
  const service = (span: JaegerSpan) => trace.processes[span.processID]?.serviceName;
  const kind = (span: JaegerSpan) => span.tags.find((tag) => tag.key === 'span.kind')?.value;
  const placeServer = trace.spans.find(
    (s) => s.operationName === 'kansoku.demo.Shop/PlaceOrder' && kind(s) === 'server',
  );
  const placeClient = trace.spans.find(
    (s) => s.operationName === 'kansoku.demo.Shop/PlaceOrder' && kind(s) === 'client',
  );
  assert.ok(
    placeServer && placeClient,
    `client and server PlaceOrder spans in ${JSON.stringify(trace.spans.map((s) => s.operationName))}`,
  );
  assert.equal(service(placeClient), DEMO_LOADGEN_NAME);
  assert.equal(service(placeServer), DEMO_SERVICE_NAME);
  assert.equal(placeServer.spanID, access['span.id'], 'the access line names the server span');
  assert.equal(parentOf(placeServer), placeClient.spanID, 'the server span is a child of the client span');
  const lookUps = trace.spans.filter((s) => s.operationName === 'kansoku.demo.Shop/GetProduct' && kind(s) === 'client');
  assert.ok(lookUps.length > 0);
  for (const lookUp of lookUps)
    assert.equal(parentOf(lookUp), placeServer.spanID, 'GetProduct is called from PlaceOrder');

  // An error line logged inside a handler carries its call's trace and the stack trace.
  const errorLine = lines.find((l) => l['log.level'] === 'error' && l.message === 'placing an order failed');
  assert.ok(errorLine, 'PlaceOrder logged at least one failure');
  assert.match(String(errorLine['error.stack_trace']), /\n\s+at /);
  assert.ok(['RangeError', 'Error'].includes(String(errorLine['error.type'])), String(errorLine['error.type']));
  const errorTrace = await jaeger.waitForTrace(errorLine['trace.id'] as string, 2);
  assert.ok(errorTrace.spans.some((s) => s.spanID === errorLine['span.id']));

  // Exemplars: the shop's histogram buckets carry trace ids of calls Jaeger has.
  const now = Date.now() / 1000;
  let exemplars: { exemplars: { labels: Record<string, string> }[] }[] = [];
  const until = Date.now() + 20_000;
  while (Date.now() < until && exemplars.length === 0) {
    exemplars = await prometheus.api(
      `query_exemplars?query=${encodeURIComponent('grpc_server_handling_seconds_bucket{job="demo"}')}&start=${now - 600}&end=${now + 60}`,
    );
    if (exemplars.length === 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const exemplarTrace = exemplars[0]?.exemplars[0]?.labels.trace_id;
  assert.match(String(exemplarTrace), /^[0-9a-f]{32}$/);
  const found = await jaeger.waitForTrace(exemplarTrace as string, 1);
  assert.ok(found.spans.length > 0);
});
