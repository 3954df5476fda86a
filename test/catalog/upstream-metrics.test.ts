import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metricCatalog } from '@kansoku/instrumentation';
import { allMetricFamilies, nameCatalogue } from '../../src/catalog/catalogue.js';
import { m, UPSTREAM_EXPORTERS, upstreamMetricCatalog } from '../../src/catalog/upstream-metrics.js';
import { createMonitoringConfig } from '../../src/config/monitoring-config.js';
import { checkQueries } from '../../src/promql/check-queries.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

test('every family, ours and upstream, has a unique valid name, a type, help and valid labels', () => {
  const seen = new Set<string>();
  for (const f of allMetricFamilies(createMonitoringConfig())) {
    assert.match(f.name, METRIC_NAME);
    assert.ok(!seen.has(f.name), `${f.name} is listed twice`);
    seen.add(f.name);
    assert.ok(['counter', 'gauge', 'histogram', 'summary'].includes(f.type), f.name);
    assert.ok(f.help.length > 0, `${f.name} has no help`);
    assert.equal(new Set(f.labels).size, f.labels.length, `${f.name} repeats a label`);
    for (const label of f.labels) assert.match(label, LABEL_NAME, f.name);
  }
  assert.ok(seen.size > metricCatalog.length + upstreamMetricCatalog.length);
});

test('counters end in _total unless the exporter says otherwise, histograms carry base names', () => {
  for (const f of upstreamMetricCatalog) {
    if (f.type === 'counter' && !f.name.endsWith('_total')) {
      // elasticsearch_exporter names its thread-pool counters *_count, the kubelet its certificate renewal errors.
      assert.match(
        f.name,
        /^(elasticsearch_thread_pool_|kubelet_.*renew_errors$)/,
        `${f.name} is a counter without _total`,
      );
    }
    if (f.type === 'histogram') assert.doesNotMatch(f.name, /_(bucket|sum|count)$/);
  }
});

test('the forwarder contract is prefixed kansoku_forwarder_', () => {
  assert.ok(UPSTREAM_EXPORTERS['kansoku-forwarder'].length >= 5);
  for (const f of UPSTREAM_EXPORTERS['kansoku-forwarder']) assert.match(f.name, /^kansoku_forwarder_/);
});

test('m() returns the catalogued name', () => {
  assert.equal(m('kube_pod_info'), 'kube_pod_info');
});

test('kube_job_failed has a condition label and no reason (kube-state-metrics job store)', () => {
  const catalogue = nameCatalogue(createMonitoringConfig());
  assert.deepEqual(checkQueries([{ source: 'q', expr: 'kube_job_failed{condition="true"} > 0' }], catalogue), []);
  assert.equal(
    checkQueries([{ source: 'q', expr: 'kube_job_failed{reason="BackoffLimitExceeded"}' }], catalogue).length,
    1,
  );
});
