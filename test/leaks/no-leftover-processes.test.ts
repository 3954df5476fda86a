// Runs after every other test file (scripts/run-tests.ts runs it as its own phase).
// Every service process the tests started registered itself (test/services/process.ts:
// Prometheus, Elasticsearch, Jaeger, Alertmanager, etcd, kube-apiserver, the controller
// manager, the scheduler, kwok and the exporters alike), as the leader of its own process
// group; no process of any of those groups may still be alive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupAlive, registered, unregister } from '../services/registry.js';

test('no service process started by the tests is still running', () => {
  const survivors = registered().filter((entry) => groupAlive(entry.pid));
  // Dead entries are stale records of a killed run; tidy them so they do not pile up.
  for (const entry of registered()) if (!groupAlive(entry.pid)) unregister(entry.pid);
  assert.deepEqual(
    survivors.map((s) => `${s.name} (pid ${s.pid}, started ${s.startedAt}): ${s.command}`),
    [],
    'these service processes outlived the tests that started them',
  );
});
