import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkPromqlNames,
  createNameCatalogue,
  extractPromqlNames,
  outputLabels,
  substituteGrafanaVariables,
} from '../../src/promql/names.js';

const catalogue = createNameCatalogue(
  [
    { name: 'kube_pod_info', type: 'gauge', help: '', labels: ['namespace', 'pod', 'node'] },
    { name: 'kube_pod_owner', type: 'gauge', help: '', labels: ['namespace', 'pod', 'owner_kind'] },
    { name: 'grpc_server_handled_total', type: 'counter', help: '', labels: ['grpc_service', 'grpc_code'] },
    { name: 'grpc_server_handling_seconds', type: 'histogram', help: '', labels: ['grpc_service'] },
    { name: 'rpc_latency', type: 'summary', help: '', labels: ['method'] },
  ],
  ['job', 'instance'],
);

function kinds(expr: string): string[] {
  return checkPromqlNames(expr, catalogue).map((p) => `${p.kind}:${p.name ?? ''}`);
}

test('extracts metric and label names from every place PromQL puts them', () => {
  const names = extractPromqlNames(
    'sum by (namespace) (rate(a_total{job="x", "dotted.label"="1"}[5m])) / on (namespace) group_left (owner) ' +
      'label_replace({__name__="b", pod=~"p.*"}, "dst", "$1", "src", "(.*)")',
  );
  assert.deepEqual(names.metrics, ['a_total', 'b']);
  assert.deepEqual(names.labels, ['dotted.label', 'dst', 'job', 'namespace', 'owner', 'pod', 'src']);
});

test('a query using only catalogued names has no problems', () => {
  assert.deepEqual(
    kinds(
      'histogram_quantile(0.99, sum by (grpc_service, le) (rate(grpc_server_handling_seconds_bucket{job="a"}[5m])))' +
        ' > on (grpc_service) group_left () sum by (grpc_service) (rate(grpc_server_handled_total{grpc_code!="OK"}[5m]))',
    ),
    [],
  );
  assert.deepEqual(kinds('rpc_latency{quantile="0.5"} + rpc_latency_sum - rpc_latency_count'), []);
  assert.deepEqual(kinds('kube_pod_info * on (namespace, pod) group_left (owner_kind) kube_pod_owner'), []);
});

test('an unknown metric is reported by name', () => {
  const problems = checkPromqlNames('sum(rate(grpc_server_handeld_total[5m]))', catalogue);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.kind, 'unknown-metric');
  assert.equal(problems[0]?.name, 'grpc_server_handeld_total');
  assert.match(problems[0]?.message ?? '', /grpc_server_handeld_total is in no catalogue \(at 1:10/);
});

test('histogram series exist only with their suffixes, and le only on _bucket', () => {
  assert.deepEqual(kinds('grpc_server_handling_seconds'), ['unknown-metric:grpc_server_handling_seconds']);
  assert.deepEqual(kinds('grpc_server_handling_seconds_count{le="1"}'), ['unknown-label:le']);
});

test('a matcher on a label the family does not have is reported', () => {
  assert.deepEqual(kinds('kube_pod_info{namespace="a", grpc_code="OK"}'), ['unknown-label:grpc_code']);
});

test('grouping by a label an inner aggregation dropped is reported', () => {
  assert.deepEqual(kinds('sum by (pod) (sum by (namespace) (kube_pod_info))'), ['unknown-label:pod']);
  assert.deepEqual(kinds('sum without (pod) (kube_pod_info) * on (namespace) group_left () kube_pod_owner'), []);
  assert.deepEqual(kinds('count by (nodename) (kube_pod_info)'), ['unknown-label:nodename']);
});

test('labels created by label_replace and count_values can be grouped by', () => {
  assert.deepEqual(kinds('sum by (owner) (label_replace(kube_pod_owner, "owner", "$1", "owner_kind", "(.*)"))'), []);
  assert.deepEqual(kinds('label_replace(kube_pod_owner, "owner", "$1", "nope", "(.*)")'), ['unknown-label:nope']);
  assert.deepEqual(kinds('sum by (value) (count_values("value", kube_pod_info))'), []);
});

test('group_left must take its labels from the one side', () => {
  assert.deepEqual(kinds('kube_pod_owner * on (pod) group_left (node) kube_pod_info'), []);
  assert.deepEqual(kinds('kube_pod_info * on (pod) group_left (grpc_code) kube_pod_owner'), [
    'unknown-label:grpc_code',
  ]);
});

test('on() keeps only the matching labels of a one-to-one match', () => {
  assert.deepEqual(
    outputLabels('kube_pod_info / on (namespace, pod) kube_pod_owner', catalogue),
    new Set(['namespace', 'pod']),
  );
  assert.deepEqual(outputLabels('sum by (namespace) (kube_pod_info) > 1', catalogue), new Set(['namespace']));
  assert.deepEqual(
    outputLabels(
      'histogram_quantile(0.9, sum by (le, grpc_service) (rate(grpc_server_handling_seconds_bucket[5m])))',
      catalogue,
    ),
    new Set(['grpc_service']),
  );
});

test('syntax errors and selectors without a literal name are problems, not silence', () => {
  assert.deepEqual(kinds('sum(rate(kube_pod_info[5m])'), ['syntax:']);
  assert.deepEqual(kinds('{__name__=~"kube_.*"}'), ['unnamed-selector:']);
  // Every series, on purpose (series per metric): nothing to check.
  assert.deepEqual(kinds('count by (__name__) ({__name__=~".+"})'), []);
  assert.deepEqual(kinds('count by (__name__) ({__name__=~".+", job="x"})'), []);
  assert.deepEqual(kinds('{__name__=~".+", grpc_code="OK"}'), ['unknown-label:grpc_code']);
});

test('Grafana variables are replaced so panel queries can be checked', () => {
  const expr = substituteGrafanaVariables(
    'sum by (grpc_service) (rate(grpc_server_handled_total{job=~"$job"}[$__rate_interval])) / $__interval_ms',
  );
  assert.deepEqual(kinds(expr), []);
  assert.doesNotMatch(expr, /\$__/);
});

test('without() and ignoring() may name labels a series lacks, but not unknown ones', () => {
  assert.deepEqual(kinds('sum without (node, instance) (kube_pod_owner)'), []);
  assert.deepEqual(kinds('kube_pod_owner / ignoring (node) kube_pod_owner'), []);
  assert.deepEqual(kinds('sum without (nodee) (kube_pod_owner)'), ['unknown-label:nodee']);
});

test('on() labels must reach both sides: a label on one side only matches nothing', () => {
  assert.deepEqual(kinds('kube_pod_info * on (owner_kind) group_left () kube_pod_owner'), ['unknown-label:owner_kind']);
  assert.deepEqual(kinds('sum without (pod) (kube_pod_info) * on (pod) group_left () kube_pod_owner'), [
    'unknown-label:pod',
  ]);
  assert.match(
    checkPromqlNames('kube_pod_info unless on (owner_kind) kube_pod_owner', catalogue)[0]?.message ?? '',
    /on\(\) matches by label owner_kind, which only the right side has/,
  );
  assert.deepEqual(kinds('kube_pod_info unless on (namespace, pod) kube_pod_owner'), []);
  assert.deepEqual(kinds('kube_pod_info > on () group_left () vector(1)'), []);
});

test('histogram_quantile over buckets summed without le is reported', () => {
  assert.deepEqual(
    kinds('histogram_quantile(0.99, sum by (grpc_service) (rate(grpc_server_handling_seconds_bucket[5m])))'),
    ['unknown-label:le'],
  );
  assert.deepEqual(
    kinds('histogram_fraction(0, 0.25, sum by (grpc_service) (rate(grpc_server_handling_seconds_bucket[5m])))'),
    ['unknown-label:le'],
  );
  assert.deepEqual(kinds('histogram_quantile(0.99, sum by (le) (rate(grpc_server_handling_seconds_bucket[5m])))'), []);
});
