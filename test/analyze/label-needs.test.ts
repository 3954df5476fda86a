import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expressionUsage, type LabelNeed } from '../../src/analyze/label-needs.js';

function needs(expr: string): Record<string, string> {
  const usage = expressionUsage(expr);
  assert.ok(usage, `${expr} should parse`);
  const show = (n: LabelNeed) => (n === 'all' ? 'ALL' : [...n].sort().join(','));
  return Object.fromEntries([...usage.metrics].map(([name, need]) => [name, show(need)]));
}

test('an aggregation by() needs only its grouping labels and the matchers', () => {
  assert.deepEqual(needs('sum by (grpc_service, grpc_code) (rate(grpc_server_handled_total{job="shop"}[5m]))'), {
    grpc_server_handled_total: 'grpc_code,grpc_service,job',
  });
});

test('histogram_quantile needs le of its buckets', () => {
  assert.deepEqual(needs('histogram_quantile(0.99, sum by (le, grpc_method) (rate(h_bucket[5m])))'), {
    h_bucket: 'grpc_method,le',
  });
});

test('a series that reaches the result unaggregated needs every label', () => {
  assert.deepEqual(needs('kube_pod_container_status_restarts_total > 0'), {
    kube_pod_container_status_restarts_total: 'ALL',
  });
  assert.deepEqual(needs('topk(5, x)'), { x: 'ALL' });
  assert.deepEqual(needs('sum without (instance) (x)'), { x: 'ALL' });
});

test('a one-to-one match without on() needs every label of both sides', () => {
  assert.deepEqual(needs('rate(a[5m]) / rate(b[5m])'), { a: 'ALL', b: 'ALL' });
});

test('on() with group_left needs the matching labels, and the copied ones of the other side', () => {
  assert.deepEqual(needs('sum by (namespace) (a) / on (namespace) group_left(owner) b'), {
    a: 'namespace',
    b: 'namespace,owner',
  });
});

test('ratios of whole sums need no label at all', () => {
  assert.deepEqual(needs('1 - sum(rate(errors[5m])) / sum(rate(total[5m]))'), { errors: '', total: '' });
});

test('label_replace reads its source label instead of the one it writes', () => {
  assert.deepEqual(needs('sum by (p) (label_replace(x, "p", "$1", "pod", "(.*)"))'), { x: 'pod' });
});

test('absent() reads the matchers only', () => {
  assert.deepEqual(needs('absent(up{job="apiserver"} == 1)'), { up: 'job' });
});

test('selectors by __name__ regex are returned as patterns', () => {
  const usage = expressionUsage('count({__name__=~"go_.*"})');
  assert.equal(usage?.metrics.size, 0);
  assert.equal(usage?.namePatterns.length, 1);
  assert.ok(usage?.namePatterns[0]?.test('go_goroutines'));
  assert.ok(!usage?.namePatterns[0]?.test('process_go'));
});

test('a selector of every name counts series and reads no metric', () => {
  const usage = expressionUsage('topk(20, count by (__name__) ({__name__=~".+", job=~".*"}))');
  assert.equal(usage?.metrics.size, 0);
  assert.deepEqual(usage?.namePatterns, []);
});

test('an expression that does not parse gives undefined', () => {
  assert.equal(expressionUsage('sum by (a (x)'), undefined);
});
