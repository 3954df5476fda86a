import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenerationError } from '../../src/errors/generation-error.js';
import { KansokuDashboardError } from '../src/errors.js';
import { buildDashboards } from '../src/index.js';
import { DEFAULT_OPTIONS, resolveOptions } from '../src/options.js';

test('defaults apply when no option is given', () => {
  assert.deepEqual(resolveOptions(), DEFAULT_OPTIONS);
});

test('every problem with the options is reported at once, with its code', () => {
  assert.throws(
    () =>
      resolveOptions({
        uidPrefix: 'Not Valid!',
        refresh: 'soon',
        timeRange: '1 hour',
        tags: ['ok', ''],
        colour: 'blue',
      } as never),
    (error: unknown) => {
      assert.ok(error instanceof KansokuDashboardError);
      assert.equal(error.code, 'KANSOKU_ERR_DASHBOARD_OPTIONS');
      assert.equal(error.problems.length, 5, error.message);
      for (const word of ['uidPrefix', 'refresh', 'timeRange', 'tags[1]', 'colour'])
        assert.match(error.message, new RegExp(word.replace(/[[\]]/g, '\\$&')));
      return true;
    },
  );
});

test('options shape the generated dashboards', () => {
  const built = buildDashboards({ uidPrefix: 'acme', tags: ['team-a'], refresh: '1m', timeRange: '6h' });
  for (const d of built) {
    assert.match(d.model.uid ?? '', /^acme-/);
    assert.ok(d.model.tags?.includes('team-a'));
    assert.equal(d.model.refresh, '1m');
    assert.deepEqual(d.model.time, { from: 'now-6h', to: 'now' });
  }
});

test('a bad monitoring configuration is reported by the shared configuration check', () => {
  assert.throws(
    () => buildDashboards({ monitoring: { selectors: { kubeStateMetrics: 'not a selector' } } }),
    (error: unknown) => error instanceof GenerationError && error.code === 'KANSOKU_ERR_MONITORING_CONFIG',
  );
});

test('the monitoring configuration’s selectors reach the queries', () => {
  const built = buildDashboards({ monitoring: { selectors: { kubeStateMetrics: 'job="ksm-test"' } } });
  const k8s = built.find((d) => d.slug === 'kubernetes-workload');
  assert.ok(k8s);
  assert.match(JSON.stringify(k8s.model), /job=\\"ksm-test\\"/);
  assert.doesNotMatch(JSON.stringify(k8s.model), /job=\\"kube-state-metrics\\"/);
});
