// createAlertsConfig's `for` overrides: they replace the generated `for` of the named alerts
// only, and a bad duration or an alert that does not exist is an error that says where.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenerationError } from '../../src/errors/generation-error.js';
import { buildRuleFiles } from '../src/build.js';
import { createAlertsConfig } from '../src/config.js';
import { allRules, isAlert } from '../src/rule.js';

function forOf(files: ReturnType<typeof buildRuleFiles>): Map<string, string> {
  return new Map(
    allRules(files)
      .map(({ rule }) => rule)
      .filter(isAlert)
      .map((r) => [r.alert, r.for]),
  );
}

test('a for override replaces the generated for of that alert and of no other', () => {
  const plain = forOf(buildRuleFiles(createAlertsConfig()));
  const shortened = forOf(buildRuleFiles(createAlertsConfig({ for: { KubePodCrashLooping: '10s' } })));
  assert.equal(plain.get('KubePodCrashLooping'), '15m');
  assert.equal(shortened.get('KubePodCrashLooping'), '10s');
  for (const [alert, duration] of plain) {
    if (alert !== 'KubePodCrashLooping') assert.equal(shortened.get(alert), duration, alert);
  }
});

test('a for override that is not a duration is listed with its path', () => {
  assert.throws(
    () => createAlertsConfig({ for: { KubePodCrashLooping: 'soon', KubeJobFailed: '1m' } }),
    (error: unknown) =>
      error instanceof GenerationError &&
      error.problems.length === 1 &&
      /^for\.KubePodCrashLooping: "soon" is not a Prometheus duration/.test(error.problems[0] ?? ''),
  );
});

test('a for override naming no generated alert is an error, not silently ignored', () => {
  assert.throws(
    () => buildRuleFiles(createAlertsConfig({ for: { KubePodCrashLoping: '1m' } })),
    (error: unknown) =>
      error instanceof GenerationError &&
      error.code === 'KANSOKU_ERR_MONITORING_CONFIG' &&
      /for\.KubePodCrashLoping: no such alert/.test(error.problems[0] ?? ''),
  );
});
