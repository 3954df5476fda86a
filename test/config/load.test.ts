// Reading kansoku.yaml: a missing file and a YAML syntax error are coded problems that say
// where; a good file loads.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { configOf, parseConfigDocument, readConfigDocument } from '../../src/config/load.js';
import { GenerationError } from '../../src/errors/generation-error.js';

test('a YAML syntax error names the file, line and column', () => {
  assert.throws(
    () => parseConfigDocument('slos:\n  - service: a\n   bad: [\n', 'kansoku.yaml'),
    (e: unknown) =>
      e instanceof GenerationError &&
      e.code === 'KANSOKU_ERR_CONFIG' &&
      /kansoku\.yaml is not valid YAML/.test(e.message) &&
      e.problems.every((p) => /^kansoku\.yaml:\d+:\d+: /.test(p)),
  );
});

test('a duplicate key is a YAML error, not a silent override', () => {
  assert.throws(
    () => parseConfigDocument('cluster: {}\ncluster: {}\n', 'k.yaml'),
    /k\.yaml:2:1: Map keys must be unique/,
  );
});

test('a missing file is one problem; no path means the defaults', async () => {
  await assert.rejects(
    readConfigDocument('/nonexistent/kansoku.yaml'),
    /cannot read \/nonexistent\/kansoku\.yaml.*\n.*no such file/,
  );
  assert.deepEqual(await readConfigDocument(), {});
});

test('an empty file is the defaults; a good file loads; problems throw with every path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-load-'));
  try {
    await writeFile(join(dir, 'empty.yaml'), '# nothing\n');
    assert.deepEqual(await readConfigDocument(join(dir, 'empty.yaml')), {});
    const config = configOf({ cluster: { enabled: false } }, 'x.yaml');
    assert.equal(config.monitoring.clusterLabel.enabled, false);
    assert.throws(
      () =>
        configOf({ cluster: { enabled: 'no' } }, 'x.yaml', ['alerts.disabled[0]: X is not an alert kansoku generates']),
      (e: unknown) =>
        e instanceof GenerationError &&
        e.problems.length === 2 &&
        /x\.yaml is not a valid configuration: 2 problem/.test(e.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
