// The export path's environment variables: the TRACES_ variable before the general one,
// values checked with problems that name the variable and what it accepts, certificate files
// read (a missing one named with its path), and OTEL_SDK_DISABLED.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { envBatch, envExport, envSdkDisabled, envSpanLimits } from '../src/otel-env-export.js';

test('timeout, compression and insecure: the TRACES_ variable wins; bad values are named problems', () => {
  assert.deepEqual(
    envExport({
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_TRACES_INSECURE: 'TRUE',
    }),
    { timeoutMs: 2500, compression: 'gzip', insecure: true, tls: {}, problems: [] },
  );
  assert.deepEqual(envExport({}), { tls: {}, problems: [] });
  assert.deepEqual(
    envExport({
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '10s',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd',
      OTEL_EXPORTER_OTLP_INSECURE: 'yes',
    }).problems,
    [
      'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT must be an integer from 1 to 3600000, got "10s"',
      'OTEL_EXPORTER_OTLP_COMPRESSION must be gzip or none, got "zstd"',
      'OTEL_EXPORTER_OTLP_INSECURE must be true or false, got "yes"',
    ],
  );
});

test('certificate variables name files whose contents are read; a missing file is a problem with its path', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-env-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['ca.pem', 'client.pem', 'client-key.pem']) writeFileSync(join(dir, name), `-----BEGIN ${name}`);
  const read = envExport({
    OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'ca.pem'),
    OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: join(dir, 'client.pem'),
    OTEL_EXPORTER_OTLP_CLIENT_KEY: join(dir, 'client-key.pem'),
  });
  assert.deepEqual(read.problems, []);
  assert.equal(read.tls.ca?.toString(), '-----BEGIN ca.pem');
  assert.equal(read.tls.cert?.toString(), '-----BEGIN client.pem');
  assert.equal(read.tls.key?.toString(), '-----BEGIN client-key.pem');

  const missing = join(dir, 'nope.pem');
  assert.deepEqual(envExport({ OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: missing }).problems, [
    `OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: cannot read "${missing}" (ENOENT)`,
  ]);
  assert.match(
    String(envExport({ OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: join(dir, 'client.pem') }).problems),
    /CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_\(TRACES_\)CLIENT_KEY must be set together/,
  );
});

test('OTEL_BSP_* variables', () => {
  assert.deepEqual(
    envBatch({
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BSP_EXPORT_TIMEOUT: '15000',
      OTEL_BSP_MAX_QUEUE_SIZE: '4096',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '256',
    }),
    { scheduledDelayMs: 200, exportTimeoutMs: 15000, maxQueueSize: 4096, maxExportBatchSize: 256, problems: [] },
  );
  assert.deepEqual(envBatch({ OTEL_BSP_MAX_QUEUE_SIZE: '-1', OTEL_BSP_SCHEDULE_DELAY: '1.5' }).problems, [
    'OTEL_BSP_SCHEDULE_DELAY must be an integer from 1 to 3600000, got "1.5"',
    'OTEL_BSP_MAX_QUEUE_SIZE must be an integer from 1 to 1000000, got "-1"',
  ]);
});

test('span limits: the SPAN_ variable before the general attribute one', () => {
  const limits = envSpanLimits({
    OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100',
    OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '64',
    OTEL_ATTRIBUTE_COUNT_LIMIT: '32',
    OTEL_SPAN_EVENT_COUNT_LIMIT: '8',
    OTEL_SPAN_LINK_COUNT_LIMIT: '4',
    OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '2',
    OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: '1',
  });
  assert.deepEqual(limits, {
    attributeValueLength: 64,
    attributes: 32,
    events: 8,
    links: 4,
    attributesPerEvent: 2,
    attributesPerLink: 1,
    problems: [],
  });
  assert.deepEqual(envSpanLimits({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'short' }).problems, [
    'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT must be an integer from 0 to 1000000000, got "short"',
  ]);
});

test('OTEL_SDK_DISABLED: true in any case; anything else is not disabled', () => {
  assert.equal(envSdkDisabled({ OTEL_SDK_DISABLED: 'True' }), true);
  assert.equal(envSdkDisabled({ OTEL_SDK_DISABLED: 'false' }), false);
  assert.equal(envSdkDisabled({}), false);
});
