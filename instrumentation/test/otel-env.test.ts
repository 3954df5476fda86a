import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envKubernetesAttributes, envResourceAttributes, envRpcConventions, envSampler } from '../src/otel-env.js';

test('OTEL_RESOURCE_ATTRIBUTES: percent-decoded values, malformed pairs skipped', () => {
  assert.deepEqual(envResourceAttributes({ OTEL_RESOURCE_ATTRIBUTES: 'a=1, b = x%2Cy ,broken,=v,c=%E0%A4%A' }), {
    a: '1',
    b: 'x,y',
  });
  assert.deepEqual(envResourceAttributes({}), {});
});

test('samplers by name', () => {
  assert.deepEqual(envSampler({ OTEL_TRACES_SAMPLER: 'always_off' }), { ratio: 0, parentBased: false });
  assert.deepEqual(envSampler({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }), {
    ratio: 0.1,
    parentBased: false,
  });
  assert.match(
    String(envSampler({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })),
    /from 0 to 1/,
  );
  assert.equal(envSampler({}), undefined);
});

test('the stability opt-in and the Kubernetes variables', () => {
  assert.equal(envRpcConventions({ OTEL_SEMCONV_STABILITY_OPT_IN: 'http,rpc' }), 'otel');
  assert.equal(envRpcConventions({ OTEL_SEMCONV_STABILITY_OPT_IN: 'rpc/dup' }), 'both');
  assert.equal(envRpcConventions({}), undefined);
  assert.deepEqual(envKubernetesAttributes({ POD_NAME: 'p', K8S_POD_NAME: 'k' }), { 'k8s.pod.name': 'k' });
});
