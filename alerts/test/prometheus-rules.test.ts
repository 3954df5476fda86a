// The PrometheusRule objects for the chart: valid against the prometheus-operator CRD schema
// (kubeconform, strict), and carrying exactly the groups of the matching plain rule file.
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { crdSchemasAvailable, kubeconform } from '../../test/services/kubernetes.js';
import { prometheusRulesDir, readYaml, rulesDir, yamlFiles } from './helpers.js';

interface PrometheusRuleYaml {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  spec: { groups: unknown[] };
}

test('every PrometheusRule validates against the prometheus-operator CRD schema', async (t) => {
  if (!crdSchemasAvailable()) {
    t.skip('../shared/schemas/kubeconform (the prometheus-operator CRD schemas) is not present beside the repository');
    return;
  }
  const files = yamlFiles(prometheusRulesDir);
  const result = await kubeconform(files, { withCrdSchemas: true });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const summary = JSON.parse(result.stdout) as {
    summary: { valid: number; invalid: number; errors: number; skipped: number };
  };
  assert.deepEqual(summary.summary, { valid: files.length, invalid: 0, errors: 0, skipped: 0 });
});

test('each PrometheusRule holds the groups of its rule file, under a unique kansoku- name', () => {
  const plain = yamlFiles(rulesDir).map((f) => basename(f));
  assert.deepEqual(
    yamlFiles(prometheusRulesDir).map((f) => basename(f)),
    plain,
  );
  const names = new Set<string>();
  for (const file of plain) {
    const object = readYaml<PrometheusRuleYaml>(join(prometheusRulesDir, file));
    assert.equal(object.apiVersion, 'monitoring.coreos.com/v1');
    assert.equal(object.kind, 'PrometheusRule');
    assert.equal(object.metadata.name, `kansoku-${file.replace(/\.yaml$/, '')}`);
    assert.match(object.metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    assert.ok(!names.has(object.metadata.name));
    names.add(object.metadata.name);
    assert.equal(object.metadata.labels['app.kubernetes.io/name'], 'kansoku');
    assert.deepEqual(object.spec.groups, readYaml<{ groups: unknown[] }>(join(rulesDir, file)).groups);
  }
});
