// The SRE's path: `kansoku generate --format helm-values` from their own kansoku.yaml,
// handed to the chart with -f. The chart renders exactly those rules and dashboards, valid
// for the API server's schemas, with the chart's switches applied on top.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { crdSchemasAvailable, kubeconform } from '../services/kubernetes.js';
import { find, type K8sObject, render, template } from './chart.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

const CONFIG = `
dashboards: { folder: Payments }
alerts:
  groups: { kubernetes-storage: false }
  disabled: [KubeCPUOvercommit]
  extraLabels: { team: payments }
slos:
  - service: payments.v1.Payments
    availability: { objective: 99.9 }
    latency: { objective: 99, threshold: 0.25 }
    window: 30d
  - service: checkout.v1.Checkout
    methods: [PlaceOrder]
    availability: { objective: 99.5 }
    window: 28d
`;

let dir: string;
let valuesFile: string;
let generated: {
  dashboards: { folder: string };
  generated: { rules: Record<string, unknown>; dashboards: Record<string, string> };
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kansoku-chart-generated-'));
  await writeFile(join(dir, 'kansoku.yaml'), CONFIG);
  await run(
    process.execPath,
    [
      '--conditions=kansoku-source',
      '--import',
      'tsx',
      'src/cli/main.ts',
      'generate',
      '--config',
      join(dir, 'kansoku.yaml'),
      '--format',
      'helm-values',
      '--out',
      dir,
    ],
    { cwd: root },
  );
  valuesFile = join(dir, 'helm-values.yaml');
  generated = parse(await readFile(valuesFile, 'utf8'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const alertNames = (objects: K8sObject[]) =>
  find(objects, 'PrometheusRule').flatMap((o) =>
    (o.spec.groups as { rules: { alert?: string }[] }[]).flatMap((g) =>
      g.rules.flatMap((r) => (r.alert ? [r.alert] : [])),
    ),
  );

test('the generated rules replace the chart’s: the SLOs are there, what the config left out is not', async () => {
  const objects = await render({ files: [valuesFile] });
  const rules = find(objects, 'PrometheusRule');
  assert.deepEqual(
    rules.map((r) => r.metadata.name.replace('obs-kansoku-', '')).sort(),
    Object.keys(generated.generated.rules).sort(),
  );
  const slo = rules.find((r) => r.metadata.name.endsWith('-kansoku-slo'));
  assert.ok(slo, 'no SLO rules');
  const text = JSON.stringify(slo.spec);
  assert.match(text, /payments\.v1\.Payments/);
  assert.match(text, /checkout\.v1\.Checkout/);
  const alerts = alertNames(objects);
  assert.ok(!alerts.includes('KubeCPUOvercommit'));
  assert.ok(alerts.includes('KubePodCrashLooping'));
  assert.ok(rules.every((r) => !JSON.stringify(r.spec).includes('"name":"kubernetes-storage"')));
  // The config did not switch the bundle's groups on, so none are there to render.
  assert.ok(!rules.some((r) => r.metadata.name.endsWith('-kansoku-bundle')));
});

test('the generated dashboards replace the chart’s, in the folder the config names', async () => {
  const maps = find(await render({ files: [valuesFile] }), 'ConfigMap').filter(
    (m) => m.metadata.labels?.grafana_dashboard,
  );
  assert.equal(maps.length, Object.keys(generated.generated.dashboards).length);
  for (const map of maps) {
    assert.equal(map.metadata.annotations?.grafana_folder, 'Payments');
    const [key] = Object.keys(map.data);
    assert.equal(
      `${map.data[key as string]}\n`,
      generated.generated.dashboards[(key as string).replace(/\.json$/, '')],
    );
  }
});

test('the chart’s switches still apply on top of generated rules', async () => {
  const tuned = await render({
    files: [valuesFile],
    values: {
      prometheusRules: {
        disabled: ['KubePodCrashLooping'],
        groups: { 'kansoku-slo-alerts-payments-v1-payments': false },
      },
    },
  }).catch((error: Error) => error);
  // A group name the generated rules do not have is refused, naming the known ones.
  assert.ok(tuned instanceof Error);
  assert.match(tuned.message, /prometheusRules\.groups\.kansoku-slo-alerts-payments-v1-payments/);
  const off = await render({ files: [valuesFile], values: { prometheusRules: { disabled: ['KubePodCrashLooping'] } } });
  assert.ok(!alertNames(off).includes('KubePodCrashLooping'));
});

test('with generated values every object is still valid for the API server (kubeconform, strict)', async (t) => {
  if (!crdSchemasAvailable()) {
    t.skip('../shared/schemas/kubeconform is not present beside the repository');
    return;
  }
  const result = await template({ files: [valuesFile] });
  assert.equal(result.code, 0, result.stderr);
  const file = join(dir, 'rendered.yaml');
  await writeFile(file, result.stdout);
  const check = await kubeconform([file], { withCrdSchemas: true });
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.equal(JSON.parse(check.stdout).summary.skipped, 0);
});
