// `kansoku es setup` run as a user runs it: a child process against the real
// Elasticsearch, twice; bad options listed at once with exit code 2; an unreachable
// cluster exits 1 with the error code and no credentials in the output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEsSetupArgs } from '../../src/cli/es-command.js';
import { elasticsearchForFile } from '../helpers/elasticsearch-for-file.js';
import { closedPort } from '../services/ports.js';
import { kansoku } from './helpers/run-kansoku.js';

const es = elasticsearchForFile();

test('es setup creates the templates, says what the cluster lacks, and a second run updates them', async () => {
  const first = await kansoku(['es', 'setup', '--node', es.url, '--retention', '14d']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(
    first.stdout,
    [
      `Elasticsearch ${es.version} at ${es.url}`,
      '  skipped  lifecycle policy kansoku-logs (the cluster has no ILM)',
      '  created  component template kansoku-logs-mappings',
      '  created  index template kansoku-logs',
      '  missing  index lifecycle management (ILM): old kansoku-logs-*, logs-kansoku-* indices are not deleted after 14d; delete them yourself (curator, a cron job)',
      '  missing  data streams: not used by kansoku (its log indices are daily indices), nothing to do',
      '',
    ].join('\n'),
  );
  const second = await kansoku(['es', 'setup'], { KANSOKU_ES_NODE: es.url });
  assert.equal(second.code, 0, second.stderr);
  assert.match(
    second.stdout,
    /updated {2}component template kansoku-logs-mappings\n {2}updated {2}index template kansoku-logs\n/,
  );
});

test('bad options are all listed, with exit code 2', async () => {
  const bad = await kansoku([
    'es',
    'setup',
    '--node',
    'ftp://x',
    '--retention',
    'forever',
    '--replicas=-1',
    '--name',
    'Logs',
  ]);
  assert.equal(bad.code, 2);
  for (const expected of [
    '--node must be an http(s) URL, got "ftp://x"',
    '--name must be lowercase letters, digits, "-" and "_", got "Logs"',
    '--retention must be an age such as 30d or 12h, got "forever"',
    '--replicas must be a whole number, got "-1"',
  ])
    assert.ok(bad.stderr.includes(expected), expected);
  assert.throws(
    () => parseEsSetupArgs([], { KANSOKU_ES_USERNAME: 'u' }),
    /KANSOKU_ES_USERNAME and \$KANSOKU_ES_PASSWORD go together/,
  );
  assert.throws(() => parseEsSetupArgs(['--node', 'http://u:p@h:9200'], {}), /must not carry credentials/);
  assert.deepEqual(
    parseEsSetupArgs(['--index-pattern', 'a-*', '--index-pattern', 'b-*', '--replicas', '0'], {}).templates,
    {
      name: 'kansoku-logs',
      indexPatterns: ['a-*', 'b-*'],
      retention: '30d',
      replicas: 0,
    },
  );
});

test('an unreachable cluster exits 1 with the error code, and never prints the password', async () => {
  const port = await closedPort();
  const run = await kansoku(['es', 'setup', '--node', `http://127.0.0.1:${port}`], {
    KANSOKU_ES_USERNAME: 'elastic',
    KANSOKU_ES_PASSWORD: 's3cret-never-shown',
  });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /KANSOKU_ERR_ES_SETUP: Elasticsearch did not answer/);
  assert.ok(!`${run.stdout}${run.stderr}`.includes('s3cret-never-shown'));
});
