import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexUsage } from '../../src/analyze/usage.js';

test('uses of one metric in several queries add up, with every user named', () => {
  const usage = indexUsage([
    { user: 'dashboard "A"', where: 'a', expr: 'sum by (code) (rate(x[5m]))' },
    { user: 'alert B', where: 'b', expr: 'sum by (method) (rate(x[5m])) > 1' },
  ]);
  const use = usage.useOf('x');
  assert.deepEqual(use?.users, ['alert B', 'dashboard "A"']);
  assert.ok(use && use.need !== 'all');
  assert.deepEqual([...use.need].sort(), ['code', 'method']);
  assert.equal(usage.useOf('y'), undefined);
});

test('a __name__ regex selector uses every matching name with all labels', () => {
  const usage = indexUsage([{ user: 'dashboard "Go"', where: 'a', expr: 'count({__name__=~"go_.*"})' }]);
  assert.equal(usage.useOf('go_goroutines')?.need, 'all');
  assert.equal(usage.useOf('process_cpu_seconds_total'), undefined);
});

test('a query that does not parse keeps every metric its text names, with all labels', () => {
  const usage = indexUsage([{ user: 'dashboard "Odd"', where: 'p1', expr: 'sum(rate(http_requests_total[5m]) by (' }]);
  assert.equal(usage.unparsed.length, 1);
  assert.equal(usage.useOf('http_requests_total')?.need, 'all');
  assert.equal(usage.useOf('http_requests'), undefined, 'a name is matched as a whole word');
});

test("a dashboard's own variables are not taken for metrics", () => {
  const usage = indexUsage([{ user: 'd', where: 'w', expr: 'x > __grafana_var_threshold' }]);
  assert.equal(usage.useOf('__grafana_var_threshold'), undefined);
  assert.ok(usage.useOf('x'));
});
