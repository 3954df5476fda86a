// Proves helm and kubeconform are real and work offline: a small chart is rendered by
// helm and validated strictly against the Kubernetes schemas from kubernetes-validate,
// and a manifest with an unknown field is rejected.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { crdSchemasAvailable, helm, KUBERNETES_VERSION, kubeconform } from './kubernetes.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kansoku-helm-'));
  const chart = join(dir, 'smoke');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: smoke\nversion: 0.1.0\n');
  await writeFile(join(chart, 'values.yaml'), 'replicas: 2\nimage: busybox:1.36\n');
  await writeFile(
    join(chart, 'templates', 'deployment.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-smoke
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: smoke }
  template:
    metadata:
      labels: { app: smoke }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 65534 }
      containers:
        - name: smoke
          image: {{ .Values.image }}
          resources:
            limits: { memory: 64Mi }
`,
  );
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface KubeconformReport {
  resources: { kind: string; status: string; msg: string }[];
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

test('helm 3 renders a chart that kubeconform validates strictly', async () => {
  const version = await helm(['version', '--short']);
  assert.match(version.stdout, /^v3\./);
  const rendered = await helm([
    'template',
    'demo',
    join(dir, 'smoke'),
    '--kube-version',
    KUBERNETES_VERSION,
    '--set',
    'replicas=3',
  ]);
  assert.equal(rendered.code, 0, rendered.stderr);
  assert.match(rendered.stdout, /replicas: 3/);
  const file = join(dir, 'rendered.yaml');
  await writeFile(file, rendered.stdout);
  const result = await kubeconform([file]);
  const report = JSON.parse(result.stdout) as KubeconformReport;
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(report.summary.valid, 1);
  assert.equal(report.summary.skipped, 0);
});

test('kubeconform rejects an unknown field and an unknown kind', async () => {
  const file = join(dir, 'bad.yaml');
  await writeFile(
    file,
    `apiVersion: v1
kind: ConfigMap
metadata: { name: bad }
data: { a: b }
dataa: { typo: true }
---
apiVersion: v1
kind: ConfigMapp
metadata: { name: typo }
`,
  );
  const result = await kubeconform([file]);
  assert.notEqual(result.code, 0);
  const report = JSON.parse(result.stdout) as KubeconformReport;
  assert.equal(report.summary.invalid, 1);
  assert.equal(report.summary.errors, 1);
  assert.match(report.resources.map((r) => r.msg).join('\n'), /dataa/);
});

test('kubeconform validates a PrometheusRule against the prometheus-operator CRD schema', async (t) => {
  if (!crdSchemasAvailable()) {
    t.skip('../shared/schemas/kubeconform is not present beside the repository');
    return;
  }
  const file = join(dir, 'rule.yaml');
  await writeFile(
    file,
    `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: smoke }
spec:
  groups:
    - name: smoke
      rules:
        - alert: SmokeTargetDown
          expr: up == 0
          for: 5m
          labels: { severity: critical }
`,
  );
  const good = await kubeconform([file], { withCrdSchemas: true });
  assert.equal(good.code, 0, good.stdout + good.stderr);
  // The CRD schema is open (unknown fields pass), but types and required fields are checked.
  await writeFile(
    file,
    'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: smoke }\nspec: { groups: [{ name: g, rules: [{ alert: A, for: 5m }] }] }\n',
  );
  const bad = await kubeconform([file], { withCrdSchemas: true });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stdout, /expr/);
});
