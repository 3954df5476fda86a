// The committed files are what the generator writes now, and it writes the same bytes twice.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generatedHeader } from '../../scripts/generated-files.js';
import { alertsGenerator } from '../../scripts/generators/alerts.js';
import { alertsDir } from './helpers.js';

const root = join(alertsDir, '..');

test('the generator is deterministic and the committed files are current', async () => {
  const first = await alertsGenerator.files();
  const second = await alertsGenerator.files();
  assert.deepEqual(first, second);
  assert.equal(first.length, 14);
  for (const file of first) {
    assert.match(file.path, /^alerts\/generated\/(rules|prometheusrules)\/[a-z-]+\.yaml$/);
    assert.ok(file.content.startsWith(`${generatedHeader('alerts (alerts/src)')}\n`), file.path);
    assert.equal(
      readFileSync(join(root, file.path), 'utf8'),
      file.content,
      `${file.path} is stale: run npm run generate`,
    );
  }
});
