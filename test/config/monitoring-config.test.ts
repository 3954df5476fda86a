import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRuleFiles } from '../../alerts/src/build.js';
import { createAlertsConfig } from '../../alerts/src/config.js';
import { buildDashboards } from '../../dashboards/src/index.js';
import {
  allTargetLabels,
  clusterLabels,
  createMonitoringConfig,
  DEFAULT_MONITORING_CONFIG,
  type MonitoringConfigInput,
} from '../../src/config/monitoring-config.js';
import { GenerationError } from '../../src/errors/generation-error.js';

test('the defaults are valid and frozen', () => {
  const config = createMonitoringConfig();
  assert.deepEqual(config, DEFAULT_MONITORING_CONFIG);
  assert.ok(Object.isFrozen(config.selectors));
  assert.deepEqual(clusterLabels(config), []);
});

test('overrides merge onto the defaults, one section at a time', () => {
  const config = createMonitoringConfig({
    selectors: { kubeStateMetrics: 'job="ksm"' },
    clusterLabel: { enabled: true },
    thresholds: { cpuThrottlingPercent: 50 },
  });
  assert.equal(config.selectors.kubeStateMetrics, 'job="ksm"');
  assert.equal(config.selectors.kubelet, DEFAULT_MONITORING_CONFIG.selectors.kubelet);
  assert.deepEqual(clusterLabels(config), ['cluster']);
  assert.ok(allTargetLabels(config).includes('cluster'));
  assert.equal(config.thresholds.cpuThrottlingPercent, 50);
  assert.equal(config.thresholds.volumeFreeSpaceWarning, 0.15);
});

test('every problem is listed at once, with a code', () => {
  let error: unknown;
  try {
    createMonitoringConfig({
      selectors: { kubelet: 'job="kubelet"}', cadvisor: '' },
      thresholds: { volumeFreeSpaceCritical: 1.5, volumeFullPredictionHorizon: 'soon' },
      scrapeInterval: '1h',
      // @ts-expect-error: an unknown setting is what this case is about
      clusterLable: 'cluster',
    });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof GenerationError);
  assert.equal(error.code, 'KANSOKU_ERR_MONITORING_CONFIG');
  const text = error.problems.join('\n');
  assert.match(text, /clusterLable: unknown setting/);
  assert.match(text, /selectors\.kubelet: .* is not a list of label matchers/);
  assert.match(text, /selectors\.cadvisor: must not be empty/);
  assert.match(text, /thresholds\.volumeFreeSpaceCritical: must be a ratio between 0 and 1, got 1\.5/);
  assert.match(text, /thresholds\.volumeFullPredictionHorizon: "soon" is not a duration/);
  // A 5-minute window holds fewer than two 1-hour scrapes.
  assert.match(text, /burnRates\[0\]\.short: 5m holds fewer than two scrapes/);
});

test('a selector must be label matchers only, not a whole query', () => {
  assert.throws(() => createMonitoringConfig({ selectors: { fluentd: 'job="a"} or up{' } }), /selectors\.fluentd/);
  assert.throws(() => createMonitoringConfig({ namespaceSelector: 'namespace=' }), /namespaceSelector/);
  assert.doesNotThrow(() => createMonitoringConfig({ namespaceSelector: 'namespace=~"prod-.*"' }));
});

test('burn-rate windows are checked against each other', () => {
  assert.throws(
    () =>
      createMonitoringConfig({
        burnRates: [{ tier: 'page', severity: 'critical', long: '5m', short: '1h', factor: 14.4, for: '2m' }],
      }),
    /short window 1h must be shorter than long window 5m/,
  );
});

test('every selector and threshold is read by the generated rules or dashboards (no dead setting)', () => {
  const generated = (monitoring: MonitoringConfigInput) =>
    JSON.stringify([
      buildRuleFiles(
        createAlertsConfig({
          monitoring,
          groups: { 'kansoku-fluentd': true, 'kansoku-elasticsearch': true, 'kansoku-forwarder': true },
        }),
      ),
      buildDashboards({ monitoring }).map((d) => d.model),
    ]);
  const baseline = generated({});
  const changed = (value: unknown): unknown => {
    if (typeof value === 'number') return value * 0.5;
    if (Array.isArray(value)) return [...value, 'example.com/other'];
    const duration = /^(\d+)([smhd])$/.exec(String(value));
    if (duration) return `${Number(duration[1]) + 1}${duration[2]}`;
    return `${value}, instance!="changed"`;
  };
  const dead: string[] = [];
  for (const section of ['selectors', 'thresholds'] as const) {
    for (const [key, value] of Object.entries(DEFAULT_MONITORING_CONFIG[section])) {
      const input = { [section]: { [key]: changed(value) } } as MonitoringConfigInput;
      if (generated(input) === baseline) dead.push(`${section}.${key}`);
    }
  }
  assert.deepEqual(dead, []);
});
