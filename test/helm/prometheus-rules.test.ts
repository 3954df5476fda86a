// templates/monitoring/prometheusrules.yaml: the generated rule files become PrometheusRule
// objects unchanged, except for what values ask: a group switched off, an alert disabled,
// extra labels; the groups that watch a component of the chart follow that component.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CHART, ciValuesFiles, FORWARDER_ON, find, type K8sObject, render } from './chart.js';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  [field: string]: unknown;
}
interface Group {
  name: string;
  rules: Rule[];
}

// The chart's own rules: its copy of `kansoku generate --format helm-values`.
const ruleFiles = new Map<string, Group[]>(
  Object.entries(
    parse(readFileSync(join(CHART, 'files/helm-values.yaml'), 'utf8')).generated.rules as Record<
      string,
      { groups: Group[] }
    >,
  ).map(([name, file]) => [name, file.groups]),
);

function groupsOf(objects: K8sObject[]): Map<string, Group> {
  return new Map(find(objects, 'PrometheusRule').flatMap((o) => (o.spec.groups as Group[]).map((g) => [g.name, g])));
}

const alertsOf = (objects: K8sObject[]) =>
  [...groupsOf(objects).values()].flatMap((g) => g.rules.filter((r) => r.alert));

test('with every component on, every generated rule file becomes one PrometheusRule, rule for rule', async () => {
  const objects = await render({ values: FORWARDER_ON });
  const rules = find(objects, 'PrometheusRule');
  assert.equal(rules.length, ruleFiles.size);
  for (const [name, groups] of ruleFiles) {
    const object = rules.find((o) => o.metadata.name === `obs-kansoku-${name}`);
    assert.ok(object, `no PrometheusRule for ${name}`);
    assert.deepEqual(object.spec.groups, groups, name);
    assert.equal(object.metadata.namespace, 'monitoring');
  }
});

test('a group switched off, alerts disabled and extra labels on every alert (not on recording rules)', async () => {
  const tuned = ciValuesFiles().find((f) => f.endsWith('rules-tuned-values.yaml')) as string;
  const objects = await render({ files: [tuned] });
  const groups = groupsOf(objects);
  assert.ok(!groups.has('kubernetes-storage'));
  assert.ok(groups.has('kubernetes-apps'));
  const alerts = alertsOf(objects);
  const names = new Set(alerts.map((a) => a.alert));
  assert.ok(!names.has('KubeCPUOvercommit') && !names.has('KubeMemoryOvercommit'));
  assert.ok(names.has('KubePodCrashLooping'));
  for (const alert of alerts) {
    assert.equal(alert.labels?.team, 'platform', alert.alert);
    assert.ok(alert.labels?.severity, `${alert.alert} lost its severity`);
  }
  const records = [...groups.values()].flatMap((g) => g.rules.filter((r) => r.record));
  assert.ok(records.length > 0);
  for (const record of records) assert.equal(record.labels?.team, undefined, record.record);
  // Everything else is left as generated.
  const defaults = groupsOf(await render());
  const apps = defaults.get('kubernetes-apps') as Group;
  assert.deepEqual(
    (groups.get('kubernetes-apps') as Group).rules.map((r) => r.expr),
    apps.rules.map((r) => r.expr),
  );
});

test('an extra label never overrides an alert’s own label', async () => {
  const severities = (objects: K8sObject[]) => alertsOf(objects).map((a) => `${a.alert} ${a.labels?.severity}`);
  const objects = await render({ values: { prometheusRules: { extraLabels: { severity: 'none', team: 'sre' } } } });
  assert.deepEqual(severities(objects), severities(await render()));
  assert.ok(alertsOf(objects).every((a) => a.labels?.team === 'sre'));
});

test('the groups that watch Fluentd, Elasticsearch and the forwarder are on only while those components are', async () => {
  const names = async (values: unknown) =>
    [...groupsOf(await render({ values })).keys()].filter((n) => n.startsWith('kansoku-')).sort();
  assert.deepEqual(await names(FORWARDER_ON), ['kansoku-elasticsearch', 'kansoku-fluentd', 'kansoku-forwarder']);
  // The forwarder is off by default.
  assert.deepEqual(await names({}), ['kansoku-elasticsearch', 'kansoku-fluentd']);
  assert.deepEqual(await names({ ...FORWARDER_ON, fluentd: { enabled: false } }), ['kansoku-forwarder']);
  // An explicit switch wins over the component.
  const forced = { forwarder: { enabled: false }, prometheusRules: { groups: { 'kansoku-forwarder': true } } };
  assert.ok((await names(forced)).includes('kansoku-forwarder'));
  assert.ok(!(await names({ prometheusRules: { groups: { 'kansoku-fluentd': false } } })).includes('kansoku-fluentd'));
});

test('rules given as generated values replace the defaults', async () => {
  const rules = {
    'kansoku-slo': {
      groups: [
        {
          name: 'kansoku-slo-test',
          rules: [{ alert: 'TestAlert', expr: 'vector(1)', labels: { severity: 'warning' } }],
        },
      ],
    },
  };
  const objects = await render({ values: { generated: { rules } } });
  const prometheusRules = find(objects, 'PrometheusRule');
  assert.deepEqual(
    prometheusRules.map((o) => o.metadata.name),
    ['obs-kansoku-kansoku-slo'],
  );
  assert.deepEqual(prometheusRules[0]?.spec.groups, rules['kansoku-slo'].groups);
});

test('monitoringLabels reach every PrometheusRule, and nothing is rendered when rules are off', async () => {
  const labelled = ciValuesFiles().find((f) => f.endsWith('monitoring-labels-values.yaml')) as string;
  for (const rule of find(await render({ files: [labelled] }), 'PrometheusRule')) {
    assert.equal(rule.metadata.labels?.release, 'kube-prometheus-stack');
  }
  assert.deepEqual(find(await render({ values: { prometheusRules: { enabled: false } } }), 'PrometheusRule'), []);
});
