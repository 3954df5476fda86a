// Bad SLO definitions fail generation with a message naming the definition; good ones
// generate recording rules and alerts for every window pair.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import type { SloDefinition } from '../../src/config/slo.js';
import { GenerationError } from '../../src/errors/generation-error.js';
import { promtool } from '../../test/services/promtool.js';
import { buildRuleFiles } from '../src/build.js';
import { createAlertsConfig } from '../src/config.js';
import { renderRuleFile } from '../src/render.js';
import { isAlert } from '../src/rule.js';

const good: SloDefinition = {
  name: 'cart-availability',
  service: 'shop.cart.v1.Cart',
  objective: 0.999,
  window: '30d',
  indicator: { kind: 'availability' },
};

function problemsOf(slos: SloDefinition[]): string[] {
  try {
    createAlertsConfig({ slos });
  } catch (error) {
    assert.ok(error instanceof GenerationError);
    assert.equal(error.code, 'KANSOKU_ERR_SLO_DEFINITION');
    return [...error.problems];
  }
  return [];
}

test('an objective outside (0, 1) fails, naming the definition', () => {
  assert.deepEqual(problemsOf([{ ...good, objective: 99.9 }]), [
    'SLO "cart-availability": objective 99.9 is outside (0, 1); write 99.9% as 0.999',
  ]);
  assert.match(problemsOf([{ ...good, objective: 0 }])[0] ?? '', /^SLO "cart-availability": objective 0 is outside/);
  assert.match(problemsOf([{ ...good, objective: 1 }])[0] ?? '', /^SLO "cart-availability": objective 1 is outside/);
});

test('an unknown metric fails, naming the definition', () => {
  assert.deepEqual(
    problemsOf([
      {
        ...good,
        name: 'cart-latency',
        indicator: { kind: 'latency', metric: 'grpc_server_latency_seconds', thresholdSeconds: 0.25 },
      },
    ]),
    ['SLO "cart-latency": indicator.metric grpc_server_latency_seconds is not a metric of @kansoku/instrumentation'],
  );
  // A real metric of the wrong kind is refused too.
  assert.match(
    problemsOf([{ ...good, indicator: { kind: 'availability', metric: 'grpc_server_handling_seconds' } }])[0] ?? '',
    /grpc_server_handling_seconds is not a counter with grpc_service and grpc_code labels/,
  );
});

test('a window shorter than the scrape interval fails, naming the definition', () => {
  assert.deepEqual(problemsOf([{ ...good, window: '10s' }]), [
    'SLO "cart-availability": window 10s is shorter than the scrape interval 30s',
  ]);
});

test('every problem of every definition is listed at once', () => {
  const problems = problemsOf([
    { ...good, objective: 2, window: 'a month' },
    { ...good, name: 'cart-latency', indicator: { kind: 'latency', thresholdSeconds: 0.3 } },
    // @ts-expect-error: a misspelt code is the point of this case
    { ...good, name: 'other', indicator: { kind: 'availability', errorCodes: ['Unavailible'] } },
    { ...good },
  ]);
  assert.deepEqual(problems, [
    'SLO "cart-availability": objective 2 is outside (0, 1); write 99.9% as 0.999',
    'SLO "cart-availability": window "a month" is not a duration like 30d',
    'SLO "cart-latency": indicator.thresholdSeconds 0.3 is not a bucket boundary (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)',
    'SLO "other": indicator.errorCodes: "Unavailible" is not a gRPC code (Go spelling, e.g. Unavailable)',
    'SLO "cart-availability": name is used by another SLO',
  ]);
});

test('an objective too low for a burn factor to ever be reached is refused', () => {
  assert.match(problemsOf([{ ...good, objective: 0.9 }]).join('\n'), /1h\/5m alert \(factor 14\.4\) can never fire/);
});

test('a good definition generates seven recordings, an objective and four alerts', () => {
  const files = buildRuleFiles(createAlertsConfig({ slos: [good] }));
  const slo = files.find((f) => f.name === 'kansoku-slo');
  assert.ok(slo);
  const rules = slo.groups.flatMap((g) => g.rules);
  assert.equal(rules.filter((r) => !isAlert(r)).length, 8);
  const alerts = rules.filter(isAlert);
  assert.deepEqual(
    alerts.map((a) => [a.labels.severity, a.labels.long, a.labels.short]),
    [
      ['critical', '1h', '5m'],
      ['critical', '6h', '30m'],
      ['warning', '1d', '2h'],
      ['warning', '3d', '6h'],
    ],
  );
  assert.match(
    alerts[0]?.expr ?? '',
    /ratio_rate1h\{slo="cart-availability"\} > 0\.0144\nand\n.*ratio_rate5m\{slo="cart-availability"\} > 0\.0144/,
  );
});

test('no SLOs, no SLO file', () => {
  const files = buildRuleFiles(createAlertsConfig({ slos: [] }));
  assert.equal(
    files.find((f) => f.name === 'kansoku-slo'),
    undefined,
  );
});

test('with the cluster label on, the objective carries it like the error ratios, so burn rates divide', async () => {
  const config = createAlertsConfig({
    slos: [good],
    monitoring: { clusterLabel: { name: 'cluster', enabled: true } },
  });
  const file = buildRuleFiles(config).find((f) => f.name === 'kansoku-slo');
  assert.ok(file);
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-slo-cluster-'));
  await writeFile(join(dir, 'rules.yaml'), renderRuleFile(file));
  const calls = (cluster: string, code: string, perMinute: number) => ({
    series: `grpc_server_handled_total{cluster="${cluster}", job="cart", grpc_service="shop.cart.v1.Cart", grpc_code="${code}"}`,
    values: `0+${perMinute}x60`,
  });
  const labels = (cluster: string) =>
    `{cluster="${cluster}", slo="cart-availability", sli="availability", grpc_service="shop.cart.v1.Cart"}`;
  const unitTest = {
    rule_files: ['rules.yaml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: [calls('prod', 'OK', 98), calls('prod', 'Unavailable', 2), calls('staging', 'OK', 100)],
        promql_expr_test: [
          {
            expr: 'kansoku_slo:objective:ratio',
            eval_time: '30m',
            exp_samples: [
              { labels: `kansoku_slo:objective:ratio${labels('prod')}`, value: 0.999 },
              { labels: `kansoku_slo:objective:ratio${labels('staging')}`, value: 0.999 },
            ],
          },
          {
            // The SLO dashboard's burn rate: error ratio over the budget, matched label for label.
            expr: 'round(kansoku_slo:sli_error:ratio_rate5m{cluster="prod"} / (1 - kansoku_slo:objective:ratio{cluster="prod"}), 0.001)',
            eval_time: '30m',
            exp_samples: [{ labels: labels('prod'), value: 20 }],
          },
        ],
      },
    ],
  };
  await writeFile(join(dir, 'test.yaml'), stringify(unitTest));
  const result = await promtool(['test', 'rules', 'test.yaml'], dir);
  assert.equal(result.code, 0, result.stdout + result.stderr);
});
