// helm/kansoku as chart-testing would hold it: helm lint --strict, helm template with the
// default values and with each ci/*-values.yaml (one feature each), and every rendered
// object validated strictly by kubeconform against the Kubernetes schemas of the oldest
// and the newest supported version, the prometheus-operator kinds against their own CRD
// schemas.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  crdSchemasAvailable,
  helm,
  KUBERNETES_OLDEST_VERSION,
  KUBERNETES_VERSION,
  kubeconform,
} from '../services/kubernetes.js';
import { CHART, ciValuesFiles, parseManifests, template } from './chart.js';

interface KubeconformReport {
  resources: { filename: string; kind: string; name: string; status: string; msg: string }[];
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

const CRD_KINDS = new Set(['PrometheusRule', 'ServiceMonitor', 'PodMonitor']);
const cases = [{ name: 'default values', files: [] as string[] }].concat(
  ciValuesFiles().map((file) => ({ name: basename(file), files: [file] })),
);

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kansoku-chart-validity-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('helm lint --strict passes with the default values and with every ci values file', async () => {
  for (const { name, files } of cases) {
    const result = await helm(['lint', '--strict', CHART, ...files.flatMap((f) => ['--values', f])]);
    assert.equal(result.code, 0, `${name}:\n${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/, name);
  }
});

test('there is at least one ci values file per feature, and each one changes what is rendered', async () => {
  const base = (await template()).stdout;
  assert.ok(cases.length > 10, `only ${cases.length - 1} ci values files`);
  for (const { name, files } of cases.slice(1)) {
    const result = await template({ files });
    assert.equal(result.code, 0, `${name}: ${result.stderr}`);
    assert.notEqual(result.stdout, base, `${name} renders the same manifests as the default values`);
  }
});

for (const kubeVersion of [KUBERNETES_OLDEST_VERSION, KUBERNETES_VERSION]) {
  test(`every rendered object is valid for Kubernetes ${kubeVersion} (kubeconform, strict)`, async (t) => {
    if (!crdSchemasAvailable()) {
      t.skip('../shared/schemas/kubeconform is not present beside the repository');
      return;
    }
    // One file per values case, all validated in one kubeconform run (its schemas load once).
    const rendered = new Map<string, { name: string; count: number }>();
    const kinds = new Set<string>();
    for (const [i, { name, files }] of cases.entries()) {
      const result = await template({ files, kubeVersion });
      assert.equal(result.code, 0, `${name}: ${result.stderr}`);
      const objects = parseManifests(result.stdout);
      for (const o of objects) kinds.add(o.kind);
      const file = join(dir, `${kubeVersion}-${i}.yaml`);
      await writeFile(file, result.stdout);
      rendered.set(file, { name, count: objects.length });
    }
    for (const kind of CRD_KINDS) assert.ok(kinds.has(kind), `no values case renders a ${kind}`);
    const check = await kubeconform([...rendered.keys()], { kubernetesVersion: kubeVersion, withCrdSchemas: true });
    const report = JSON.parse(check.stdout) as KubeconformReport;
    const problems = report.resources
      .filter((r) => r.status !== 'statusValid')
      .map((r) => `${rendered.get(r.filename)?.name}: ${r.kind}/${r.name}: ${r.status} ${r.msg}`);
    assert.deepEqual(problems, [], `Kubernetes ${kubeVersion}`);
    assert.equal(check.code, 0, check.stderr);
    // Nothing skipped: every object, the prometheus-operator kinds included, met a schema.
    assert.equal(report.summary.skipped, 0);
    const total = [...rendered.values()].reduce((sum, r) => sum + r.count, 0);
    assert.equal(report.summary.valid, total);
  });
}

test('kubeconform would catch an invalid object in the rendered chart', async (t) => {
  if (!crdSchemasAvailable()) {
    t.skip('../shared/schemas/kubeconform is not present beside the repository');
    return;
  }
  const rendered = (await template()).stdout;
  // A PrometheusRule whose alert waits "soon", and a DaemonSet field that does not exist.
  const broken = rendered
    .replace(/(kind: PrometheusRule[\s\S]*?\n\s+for: )\S+/, '$1soon')
    .replace('updateStrategy:', 'updateStrategyy:');
  assert.notEqual(broken, rendered);
  const file = join(dir, 'broken.yaml');
  await writeFile(file, broken);
  const check = await kubeconform([file], { withCrdSchemas: true });
  assert.notEqual(check.code, 0);
  const report = JSON.parse(check.stdout) as KubeconformReport;
  const invalid = report.resources.filter((r) => r.status === 'statusInvalid').map((r) => r.kind);
  assert.deepEqual(invalid.sort(), ['DaemonSet', 'PrometheusRule']);
});
