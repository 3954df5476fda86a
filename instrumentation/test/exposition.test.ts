// /metrics in both formats from one registry: the Prometheus text format by default,
// OpenMetrics (counter families without _total, exemplars, # EOF) when asked for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { renderRegistry, wantsOpenMetrics } from '../src/metrics/exposition.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, serve } from './helpers/observe.js';
import { unary } from './helpers/test-service.js';

test('the Accept header chooses the format', () => {
  assert.equal(wantsOpenMetrics('application/openmetrics-text;version=1.0.0,text/plain;q=0.5'), true);
  assert.equal(wantsOpenMetrics('text/plain'), false);
  assert.equal(wantsOpenMetrics(undefined), false);
});

test('ordinary prom-client metrics render in both formats, escaping label values', async () => {
  const registry = new Registry();
  const c = new Counter({ name: 'jobs_total', help: 'Jobs "done"\\ok.', labelNames: ['name'], registers: [registry] });
  c.inc({ name: 'a"b\\c\nd' }, 2);
  new Histogram({ name: 'wait_seconds', help: 'Wait.', buckets: [1], registers: [registry] }).observe(0.5);
  const text = await renderRegistry(registry, false);
  assert.match(text, /^# HELP jobs_total Jobs "done"\\\\ok\.$/m);
  assert.match(text, /^# TYPE jobs_total counter$/m);
  assert.match(text, /^jobs_total\{name="a\\"b\\\\c\\nd"\} 2$/m);
  assert.match(text, /^wait_seconds_bucket\{le="\+Inf"\} 1$/m);
  assert.doesNotMatch(text, /# EOF/);
  const om = await renderRegistry(registry, true);
  assert.match(om, /^# TYPE jobs counter$/m);
  assert.match(om, /^# HELP jobs Jobs \\"done\\"\\\\ok\.$/m);
  assert.match(om, /^jobs_total\{name="a\\"b\\\\c\\nd"\} 2$/m);
  assert.match(om, /# EOF\n$/);
  // Rendering OpenMetrics must not rename anything for the next text scrape.
  assert.equal(await renderRegistry(registry, false), text);
});

test('histogram buckets of sampled calls carry trace-id exemplars in OpenMetrics only', async (t) => {
  const exporter = memoryExporter();
  const { obs } = observe({ tracing: { encodedExporter: exporter } });
  const { client } = await serve(t, obs);
  await unary(client, {});
  await obs.flush();
  const [span] = exporter.spans();
  const traceId = span?.traceId;
  const om = await renderRegistry(obs.registry, true);
  const exemplar = om
    .split('\n')
    .find((l) => l.startsWith('grpc_server_handling_seconds_bucket') && l.includes(' # {'));
  assert.ok(exemplar, om);
  assert.match(exemplar, new RegExp(`# \\{trace_id="${traceId}",span_id="[0-9a-f]{16}"\\} [0-9.e-]+ \\d+\\.\\d{3}$`));
  assert.doesNotMatch(await renderRegistry(obs.registry, false), /trace_id/);
});
