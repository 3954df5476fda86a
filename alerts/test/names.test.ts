// Every metric and label a committed rule names is in a catalogue; the recorded-series
// catalogue matches what the recording rules write; a selector naming an unknown label
// fails generation.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nameCatalogue } from '../../src/catalog/catalogue.js';
import { recordedSeriesCatalog } from '../../src/catalog/recorded-series.js';
import { allTargetLabels, createMonitoringConfig } from '../../src/config/monitoring-config.js';
import { GenerationError } from '../../src/errors/generation-error.js';
import { checkQueries } from '../../src/promql/check-queries.js';
import { outputLabels } from '../../src/promql/names.js';
import { promtool } from '../../test/services/promtool.js';
import { buildRuleFiles } from '../src/build.js';
import { createAlertsConfig } from '../src/config.js';
import { renderRuleFile } from '../src/render.js';
import { committedGroups } from './helpers.js';

const config = createMonitoringConfig();
const catalogue = nameCatalogue(config);

test('every metric and label of every committed rule is catalogued', () => {
  const queries = committedGroups().flatMap(({ file, group }) =>
    group.rules.map((r) => ({ source: `${file}: ${group.name}/${r.alert ?? r.record}`, expr: r.expr })),
  );
  assert.ok(queries.length >= 60);
  assert.deepEqual(checkQueries(queries, catalogue), []);
});

test('the check catches a rule naming an unknown metric or label (it can fail)', () => {
  const problems = checkQueries(
    [{ source: 'x', expr: 'sum by (nodename) (kube_pod_infoo{job="kube-state-metrics"})' }],
    catalogue,
  );
  assert.equal(problems.length, 2);
  assert.match(problems[0] ?? '', /^x: metric kube_pod_infoo is in no catalogue/);
  assert.match(problems[1] ?? '', /^x: sum groups by label nodename, which no catalogue lists/);
});

test('the recorded-series catalogue lists exactly what the recording rules write, labels included', () => {
  const targets = new Set(allTargetLabels(config));
  const families = new Map(recordedSeriesCatalog(config).map((f) => [f.name, new Set(f.labels)]));
  const written = new Set<string>();
  for (const { group } of committedGroups()) {
    for (const rule of group.rules) {
      if (!rule.record) continue;
      written.add(rule.record);
      const listed = families.get(rule.record);
      assert.ok(listed, `${rule.record} is not in recorded-series.ts`);
      const produced = new Set([...(outputLabels(rule.expr, catalogue) ?? []), ...Object.keys(rule.labels ?? {})]);
      for (const label of produced) {
        assert.ok(listed.has(label) || targets.has(label), `${rule.record} writes ${label}, which the catalogue lacks`);
      }
      for (const label of listed)
        assert.ok(produced.has(label), `${rule.record} is catalogued with ${label} it does not write`);
    }
  }
  assert.deepEqual(
    [...families.keys()].filter((name) => !written.has(name)),
    [],
  );
});

test('a selector naming an unknown label fails generation with KANSOKU_ERR_PROMQL_NAME', () => {
  let error: unknown;
  try {
    buildRuleFiles(createAlertsConfig({ monitoring: { selectors: { kubeStateMetrics: 'jbo="kube-state-metrics"' } } }));
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof GenerationError);
  assert.equal(error.code, 'KANSOKU_ERR_PROMQL_NAME');
  assert.match(
    error.problems[0] ?? '',
    /^kubernetes-apps\/kubernetes-apps\/KubePodCrashLooping: label jbo is not a label of/,
  );
});

test('with the cluster label and a namespace selector, every rule still checks and promtool accepts it', async () => {
  const files = buildRuleFiles(
    createAlertsConfig({
      monitoring: { clusterLabel: { name: 'k8s_cluster', enabled: true }, namespaceSelector: 'namespace=~"prod-.*"' },
    }),
  );
  const text = files.map((f) => renderRuleFile(f)).join('\n');
  assert.match(text, /sum by \(k8s_cluster, namespace\)/);
  assert.match(text, /on cluster \{\{ \$labels\.k8s_cluster \}\}/);
  assert.match(
    text,
    /kube_pod_container_status_waiting_reason\{reason="CrashLoopBackOff", namespace=~"prod-\.\*", job="kube-state-metrics"\}/,
  );
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-alerts-'));
  const paths = await Promise.all(
    files.map(async (f) => {
      const path = join(dir, `${f.name}.yaml`);
      await writeFile(path, renderRuleFile(f));
      return path;
    }),
  );
  const result = await promtool(['check', 'rules', ...paths]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
});
