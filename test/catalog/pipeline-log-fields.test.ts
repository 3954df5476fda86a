import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { logFieldCatalog } from '@kansoku/instrumentation';
import { PIPELINE_LOG_FIELDS } from '../../src/catalog/pipeline-log-fields.js';

const doc = readFileSync(join(import.meta.dirname, '../../docs/log-pipeline.md'), 'utf8');

test('docs/log-pipeline.md lists every field the pipeline adds, with its type and stage', () => {
  for (const f of PIPELINE_LOG_FIELDS)
    assert.ok(doc.includes(`| \`${f.name}\` | ${f.type} | ${f.stage} | ${f.description} |`), f.name);
});

test('the pipeline adds no field the library already defines, and each stage is a file of fluentd/', () => {
  const library = new Set(logFieldCatalog.map((f) => f.name));
  for (const f of PIPELINE_LOG_FIELDS) {
    assert.ok(!library.has(f.name), f.name);
    assert.ok(readFileSync(join(import.meta.dirname, '../../fluentd', f.stage), 'utf8').length > 0);
  }
});
