// The trace resource: telemetry.sdk.* name this library, service.instance.id is a UUID that
// differs per Observability unless OTEL_RESOURCE_ATTRIBUTES sets it, and the service's own
// name and version win over what the environment says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { traceResource } from '../src/tracing/resource.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../src/version.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('telemetry.sdk.*, a random service.instance.id, then the given attributes, then the service', () => {
  const one = traceResource('checkout', '1.2.3', { 'deployment.environment.name': 'prod', 'service.name': 'env' });
  assert.equal(one['telemetry.sdk.name'], LIBRARY_NAME);
  assert.equal(one['telemetry.sdk.language'], 'nodejs');
  assert.equal(one['telemetry.sdk.version'], LIBRARY_VERSION);
  assert.match(String(one['service.instance.id']), UUID);
  assert.equal(one['deployment.environment.name'], 'prod');
  assert.equal(one['service.name'], 'checkout');
  assert.equal(one['service.version'], '1.2.3');
  const two = traceResource('checkout', undefined, {});
  assert.notEqual(two['service.instance.id'], one['service.instance.id']);
  assert.equal('service.version' in two, false);
  assert.equal(traceResource('s', undefined, { 'service.instance.id': 'pod-7' })['service.instance.id'], 'pod-7');
});
