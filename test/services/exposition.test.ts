import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExposition } from './exposition.js';

const TEXT = `# HELP kube_pod_info Information about pod.
# TYPE kube_pod_info gauge
kube_pod_info{namespace="a",pod="p",priority_class=""} 1
kube_pod_info{namespace="b",pod="q",node="n1",msg="say \\"hi\\", {x=\\"y\\"}"} 1
# TYPE apiserver_request_duration_seconds histogram
apiserver_request_duration_seconds_bucket{verb="GET",le="0.1"} 3
apiserver_request_duration_seconds_sum{verb="GET"} 0.2
apiserver_request_duration_seconds_count{verb="GET"} 3
# TYPE up_like untyped
no_type_line 4
`;

test('families get every label name seen on any sample, empty values included', () => {
  const families = parseExposition(TEXT);
  const pod = families.get('kube_pod_info');
  assert.equal(pod?.type, 'gauge');
  assert.equal(pod?.samples, 2);
  assert.deepEqual([...(pod?.labels ?? [])].sort(), ['msg', 'namespace', 'node', 'pod', 'priority_class']);
});

test('histogram samples count towards their family, without le', () => {
  const h = parseExposition(TEXT).get('apiserver_request_duration_seconds');
  assert.equal(h?.samples, 3);
  assert.deepEqual([...(h?.labels ?? [])], ['verb']);
  assert.equal(parseExposition(TEXT).has('apiserver_request_duration_seconds_bucket'), false);
});

test('a sample without a TYPE line is its own untyped family; a family without samples has none', () => {
  const families = parseExposition(TEXT);
  assert.equal(families.get('no_type_line')?.type, 'untyped');
  assert.equal(families.get('up_like')?.samples, 0);
});
