import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { metricCatalog, runtimeMetricNames } from '../src/metrics/catalog.js';

test('every family has a unique, valid Prometheus name and valid label names', () => {
  const names = metricCatalog.map((m) => m.name);
  assert.equal(new Set(names).size, names.length);
  for (const family of metricCatalog) {
    assert.match(family.name, /^[a-zA-Z_:][a-zA-Z0-9_:]*$/, family.name);
    if (family.type === 'counter') assert.match(family.name, /_total$/, family.name);
    for (const label of family.labels) assert.match(label, /^[a-zA-Z_][a-zA-Z0-9_]*$/, `${family.name}{${label}}`);
  }
});

test('the runtime families are exactly what prom-client collectDefaultMetrics registers', async () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registered = (await registry.getMetricsAsJSON()).map((m) => m.name).sort();
  assert.deepEqual([...runtimeMetricNames].sort(), registered);
  for (const family of await registry.getMetricsAsJSON()) {
    const catalogued = metricCatalog.find((m) => m.name === family.name);
    assert.equal(catalogued?.type, family.type, family.name);
  }
});
