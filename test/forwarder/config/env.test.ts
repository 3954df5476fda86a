import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyEnv, envSettings } from '../../../src/forwarder/config/env.js';

test('docs/forwarder.md names every environment variable, and no other', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../../docs/forwarder.md'), 'utf8');
  const documented = new Set(doc.match(/KANSOKU_FORWARDER_[A-Z0-9_]+/g));
  const actual = new Set(envSettings().map((s) => s.name));
  assert.deepEqual(
    [...actual].filter((n) => !documented.has(n)),
    [],
    'missing from the docs',
  );
  assert.deepEqual(
    [...documented].filter((n) => !actual.has(n) && n !== 'KANSOKU_FORWARDER_'),
    [],
    'documented but unknown',
  );
});

test('values are parsed by the setting’s type and written at its path', () => {
  const config: Record<string, unknown> = { sinks: { webhook: { url: 'http://a/' } } };
  const problems: string[] = [];
  applyEnv(
    config,
    {
      KANSOKU_FORWARDER_GROUPING__SPIKE_FACTOR: '2.5',
      KANSOKU_FORWARDER_DETECTION__EXCLUDE: '[{"namespace":["kube-system"]}]',
      KANSOKU_FORWARDER_SINKS__WEBHOOK__SECRET: 's',
      KANSOKU_FORWARDER_GROUPING__SPIKE_MIN_COUNT: 'many',
      OTHER: 'ignored',
    },
    problems,
  );
  assert.deepEqual(config, {
    sinks: { webhook: { url: 'http://a/', secret: 's' } },
    grouping: { spikeFactor: 2.5, spikeMinCount: Number.NaN },
    detection: { exclude: [{ namespace: ['kube-system'] }] },
  });
  assert.deepEqual(problems, ['KANSOKU_FORWARDER_GROUPING__SPIKE_MIN_COUNT: must be a number']);
});
