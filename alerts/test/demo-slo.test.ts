// The committed SLO rules over real data: a real Prometheus scrapes the instrumented demo
// shop (src/demo) and evaluates every generated rule file. The demo SLOs' error ratios must
// come out as numbers, which only happens when the selectors, the grpc_service value, the
// code names and the latency bucket (le) all match what @kansoku/instrumentation exports.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { DEMO_CONFIG } from '../../scripts/generators/demo-output.js';
import { type Demo, startDemo } from '../../src/demo/demo.js';
import { loadKansokuConfig } from '../../src/generate/load.js';
import { isInstalled } from '../../test/services/paths.js';
import { freePort } from '../../test/services/ports.js';
import { type PrometheusService, startPrometheus } from '../../test/services/prometheus.js';
import { rulesDir, yamlFiles } from './helpers.js';

const { slos: DEMO_SLOS } = await loadKansokuConfig(join(import.meta.dirname, '../..', DEMO_CONFIG));
const SKIP = !isInstalled('prometheus') && 'Prometheus is not installed: run `npm run services:install`';

let demo: Demo | undefined;
let prometheus: PrometheusService | undefined;

before(async () => {
  if (SKIP) return;
  const discard = new Writable({ write: (_chunk, _enc, done) => done() });
  demo = await startDemo({
    rate: 20,
    logDestination: discard as never,
    tracingEndpoint: `http://127.0.0.1:${await freePort()}`,
  });
  prometheus = await startPrometheus({
    scrape: [{ job: 'kansoku-demo', targets: [new URL(demo.metricsUrl).host] }],
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    ruleFiles: yamlFiles(rulesDir),
  });
  await prometheus.waitForTargetsUp();
});

after(async () => {
  await prometheus?.stop();
  await demo?.stop();
});

test('the demo SLOs are recorded from the demo shop’s real metrics', { skip: SKIP }, async () => {
  const p = prometheus;
  assert.ok(p);
  const expected = DEMO_SLOS.map((s) => s.name).sort();
  let ratios: { slo: string; value: number }[] = [];
  await p.process.waitUntilReady(async () => {
    const result = await p.query('kansoku_slo:sli_error:ratio_rate5m');
    ratios = result.map((s) => ({ slo: s.metric.slo ?? '', value: Number(s.value[1]) }));
    return ratios.length === expected.length && ratios.every((r) => Number.isFinite(r.value));
  }, 60_000);
  assert.deepEqual(ratios.map((r) => r.slo).sort(), expected);
  for (const r of ratios) assert.ok(r.value >= 0 && r.value <= 1, `${r.slo}: ${r.value}`);
  const objectives = await p.query('kansoku_slo:objective:ratio');
  assert.deepEqual(
    objectives.map((s) => [s.metric.slo, Number(s.value[1])]).sort(),
    DEMO_SLOS.map((s) => [s.name, s.objective]).sort(),
  );
});
