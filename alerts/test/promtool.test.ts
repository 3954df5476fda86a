// promtool 3.x checks every generated rule file and runs every unit test file; and every
// alert rule has at least one case where it fires and one where it must not.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import type { MonitoringConfigInput } from '../../src/config/monitoring-config.js';
import { promtool } from '../../test/services/promtool.js';
import { buildRuleFiles } from '../src/build.js';
import { createAlertsConfig } from '../src/config.js';
import { renderRuleFile } from '../src/render.js';
import { committedGroups, readYaml, rulesDir, unitTestsDir, yamlFiles } from './helpers.js';

interface UnitTestFile {
  rule_files: string[];
  tests: {
    name: string;
    alert_rule_test?: { alertname: string; exp_alerts: { exp_labels?: Record<string, string> }[] }[];
  }[];
}

test('promtool check rules accepts every generated rule file', async () => {
  const files = yamlFiles(rulesDir);
  assert.ok(files.length >= 7);
  const result = await promtool(['check', 'rules', ...files]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  for (const file of files) assert.match(result.stdout, new RegExp(`Checking ${file}\\s+SUCCESS`));
});

test('promtool check rules rejects a broken rule file (the check can fail)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-rules-'));
  const bad = join(dir, 'bad.yaml');
  await writeFile(bad, 'groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: sum(rate(up[5m])\n');
  const result = await promtool(['check', 'rules', bad]);
  assert.notEqual(result.code, 0);
});

for (const file of yamlFiles(unitTestsDir)) {
  test(`promtool test rules ${basename(file)}`, async () => {
    const result = await promtool(['test', 'rules', file], unitTestsDir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /SUCCESS/);
  });
}

test('every generated rule file has a unit test file, and every unit test loads generated rules', () => {
  const tested = new Set(
    yamlFiles(unitTestsDir).flatMap((f) => readYaml<UnitTestFile>(f).rule_files.map((r) => basename(r))),
  );
  for (const file of yamlFiles(rulesDir)) assert.ok(tested.has(basename(file)), `${basename(file)} has no unit test`);
});

test('every alert rule has a case where it fires and one where it must not', () => {
  const cases = yamlFiles(unitTestsDir).flatMap((f) =>
    readYaml<UnitTestFile>(f).tests.flatMap((t) => t.alert_rule_test ?? []),
  );
  const problems: string[] = [];
  for (const { group } of committedGroups()) {
    for (const rule of group.rules) {
      if (!rule.alert) continue;
      // A rule is told apart from others of the same name by its own labels (severity, window).
      const mine = (labels: Record<string, string> = {}) =>
        Object.entries(rule.labels ?? {}).every(([k, v]) => labels[k] === v);
      const named = cases.filter((c) => c.alertname === rule.alert);
      const fires = named.some((c) => c.exp_alerts.some((a) => mine(a.exp_labels)));
      const quiet = named.some((c) => !c.exp_alerts.some((a) => mine(a.exp_labels)));
      const id = `${rule.alert} ${JSON.stringify(rule.labels)}`;
      if (!fires) problems.push(`${id} never fires in a test`);
      if (!quiet) problems.push(`${id} has no case where it must not fire`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the unit tests catch a threshold moved past their quiet cases (they can fail)', async () => {
  // Each threshold moved to just below the value its quiet case sits at (or above, for the
  // "less than" alerts): the test file that covers it must then fail.
  const moved: [string, MonitoringConfigInput['thresholds']][] = [
    ['kubernetes-resources', { cpuThrottlingPercent: 15 }],
    ['kubernetes-resources', { quotaAlmostFullRatio: 0.8 }],
    ['kubernetes-system', { clientErrorRatio: 0.004 }],
    ['kubernetes-system-kubelet', { kubeletPodsRatio: 0.9 }],
    ['kubernetes-system-kubelet', { nodeReadinessFlaps: 1 }],
    ['kansoku-bundle', { fluentdBufferAvailablePercent: 30 }],
    ['kansoku-bundle', { forwarderNotificationFailureRatio: 0.03 }],
    ['kubernetes-apps', { jobNotCompletedAfter: '10h' }],
    ['kubernetes-system-kubelet', { kubeletCertExpirationWarning: '31d' }],
  ];
  const everyGroup = { 'kansoku-fluentd': true, 'kansoku-elasticsearch': true, 'kansoku-forwarder': true };
  const survived: string[] = [];
  for (const [name, thresholds] of moved) {
    const dir = await mkdtemp(join(tmpdir(), 'kansoku-moved-'));
    await mkdir(join(dir, 'generated/rules'), { recursive: true });
    await mkdir(join(dir, 'tests'));
    const file = buildRuleFiles(createAlertsConfig({ monitoring: { thresholds }, groups: everyGroup })).find(
      (f) => f.name === name,
    );
    assert.ok(file, name);
    await writeFile(join(dir, 'generated/rules', `${name}.yaml`), renderRuleFile(file));
    await copyFile(join(unitTestsDir, `${name}.test.yaml`), join(dir, 'tests', `${name}.test.yaml`));
    const result = await promtool(['test', 'rules', `${name}.test.yaml`], join(dir, 'tests'));
    if (result.code === 0) survived.push(`${name} ${JSON.stringify(thresholds)}`);
  }
  assert.deepEqual(survived, []);
});
