// templates/monitoring/dashboards.yaml: one ConfigMap per generated dashboard, labelled
// for Grafana's sidecar and annotated with its folder, holding the JSON byte for byte.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CHART, ciValuesFiles, find, render } from './chart.js';

// The chart's own dashboards: its copy of `kansoku generate --format helm-values`.
const generated = parse(readFileSync(join(CHART, 'files/helm-values.yaml'), 'utf8')).generated.dashboards as Record<
  string,
  string
>;
const committed = Object.keys(generated).map((name) => `${name}.json`);

test('every generated dashboard is one ConfigMap for the sidecar, byte for byte, in the folder', async () => {
  const maps = find(await render(), 'ConfigMap').filter((m) => m.metadata.labels?.grafana_dashboard);
  assert.equal(maps.length, committed.length);
  for (const file of committed) {
    const map = maps.find((m) => Object.keys(m.data ?? {}).includes(file));
    assert.ok(map, `no ConfigMap holds ${file}`);
    assert.deepEqual(Object.keys(map.data), [file]);
    assert.equal(map.metadata.labels?.grafana_dashboard, '1');
    assert.equal(map.metadata.annotations?.grafana_folder, 'kansoku');
    // What reaches Grafana is exactly the generator's output.
    assert.equal(`${map.data[file]}\n`, generated[file.replace(/\.json$/, '')]);
    assert.doesNotThrow(() => JSON.parse(map.data[file]));
  }
});

test('namespace, folder and left-out dashboards follow the values', async () => {
  const file = ciValuesFiles().find((f) => f.endsWith('dashboards-namespace-values.yaml')) as string;
  const maps = find(await render({ files: [file] }), 'ConfigMap').filter((m) => m.metadata.labels?.grafana_dashboard);
  assert.equal(maps.length, committed.length - 1);
  assert.ok(maps.every((m) => !('nodejs-runtime.json' in m.data)));
  for (const map of maps) {
    assert.equal(map.metadata.namespace, 'grafana');
    assert.equal(map.metadata.annotations?.grafana_folder, 'gRPC services');
  }
});

test('the sidecar label and folder annotation can be renamed, and dashboards switched off', async () => {
  const maps = find(
    await render({
      values: {
        dashboards: {
          label: 'kansoku_dashboard',
          labelValue: 'kansoku',
          folderAnnotation: 'k8s-sidecar-target-directory',
        },
      },
    }),
    'ConfigMap',
  ).filter((m) => m.metadata.labels?.kansoku_dashboard);
  assert.equal(maps.length, committed.length);
  assert.ok(
    maps.every((m) => m.metadata.labels?.kansoku_dashboard === 'kansoku' && !m.metadata.labels?.grafana_dashboard),
  );
  assert.ok(maps.every((m) => m.metadata.annotations?.['k8s-sidecar-target-directory'] === 'kansoku'));
  const off = find(await render({ values: { dashboards: { enabled: false } } }), 'ConfigMap');
  assert.ok(off.every((m) => !m.metadata.labels?.grafana_dashboard));
});

test('dashboards given as generated values replace the defaults', async () => {
  const json = '{"title":"Mine","uid":"mine"}';
  const maps = find(await render({ values: { generated: { dashboards: { mine: json } } } }), 'ConfigMap').filter(
    (m) => m.metadata.labels?.grafana_dashboard,
  );
  assert.equal(maps.length, 1);
  assert.deepEqual(maps[0]?.data, { 'mine.json': json });
});
