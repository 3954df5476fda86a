// Proves promtool is the real 3.x: a one-rule file is checked and unit-tested, and a
// wrong expectation makes `promtool test rules` fail.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { promtool } from './promtool.js';

let dir: string;

const rules = {
  groups: [
    {
      name: 'smoke',
      rules: [
        {
          alert: 'SmokeTargetDown',
          expr: 'up == 0',
          for: '1m',
          labels: { severity: 'critical' },
          annotations: { summary: 'Target {{ $labels.instance }} is down.' },
        },
      ],
    },
  ],
};

function unitTest(expectedAlerts: unknown[]) {
  return {
    rule_files: ['rules.yaml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: [{ series: 'up{job="api", instance="a:1"}', values: '0x5' }],
        alert_rule_test: [{ eval_time: '3m', alertname: 'SmokeTargetDown', exp_alerts: expectedAlerts }],
      },
    ],
  };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kansoku-promtool-'));
  await writeFile(join(dir, 'rules.yaml'), stringify(rules));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('promtool is version 3.x', async () => {
  const result = await promtool(['--version']);
  assert.match(result.stdout + result.stderr, /promtool, version 3\.\d+\.\d+/);
});

test('promtool check rules accepts a one-rule file', async () => {
  const result = await promtool(['check', 'rules', join(dir, 'rules.yaml')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /SUCCESS: 1 rules found/);
});

test('promtool test rules passes the right expectation and fails a wrong one', async () => {
  const firing = [
    {
      exp_labels: { severity: 'critical', job: 'api', instance: 'a:1' },
      exp_annotations: { summary: 'Target a:1 is down.' },
    },
  ];
  await writeFile(join(dir, 'good.test.yaml'), stringify(unitTest(firing)));
  const good = await promtool(['test', 'rules', 'good.test.yaml'], dir);
  assert.equal(good.code, 0, good.stdout + good.stderr);

  await writeFile(join(dir, 'bad.test.yaml'), stringify(unitTest([])));
  const bad = await promtool(['test', 'rules', 'bad.test.yaml'], dir);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stdout + bad.stderr, /FAILED/);
});
