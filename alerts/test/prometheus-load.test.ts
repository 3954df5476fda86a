// The generated rule files loaded into a real Prometheus 3.x: every group loads, every rule
// is evaluated without error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type PrometheusService, startPrometheus } from '../../test/services/prometheus.js';
import { committedGroups, rulesDir, yamlFiles } from './helpers.js';

interface RulesApi {
  groups: {
    name: string;
    file: string;
    rules: { name: string; health: string; lastError?: string; type: string }[];
    lastEvaluation: string;
  }[];
}

let prometheus: PrometheusService;

before(async () => {
  prometheus = await startPrometheus({ ruleFiles: yamlFiles(rulesDir), evaluationInterval: '1s' });
});

after(async () => {
  await prometheus?.stop();
});

test('Prometheus loads every generated group and evaluates every rule healthily', async () => {
  const expected = committedGroups();
  let data: RulesApi = { groups: [] };
  // Rules report health "unknown" until their group has been evaluated once.
  await prometheus.process.waitUntilReady(async () => {
    data = await prometheus.api<RulesApi>('rules');
    return (
      data.groups.length === expected.length && data.groups.every((g) => g.rules.every((r) => r.health !== 'unknown'))
    );
  }, 30_000);
  assert.deepEqual(data.groups.map((g) => g.name).sort(), expected.map((e) => e.group.name).sort());
  for (const { group } of expected) {
    const loaded = data.groups.find((g) => g.name === group.name);
    assert.ok(loaded, `${group.name} did not load`);
    assert.equal(loaded.rules.length, group.rules.length, `${group.name} lost rules`);
    for (const rule of loaded.rules) {
      assert.equal(rule.health, 'ok', `${group.name}/${rule.name}: ${rule.lastError ?? rule.health}`);
    }
  }
  const alerting = data.groups.flatMap((g) => g.rules).filter((r) => r.type === 'alerting');
  assert.equal(alerting.length, 53);
});
