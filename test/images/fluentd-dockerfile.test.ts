// images/fluentd/Dockerfile, which cannot be built here (no Docker, no RubyGems): parsed
// and linted, its gems from fluentd/Gemfile (every plugin pinned to an exact version),
// Fluentd itself the release the Gemfile pins, its ports the chart's.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ModifiableInstruction } from 'dockerfile-ast';
import { parse } from 'yaml';
import { args, instructions, ROOT, readDockerfile } from './dockerfile.js';

const parsed = readDockerfile('images/fluentd/Dockerfile');
const stage = parsed.stages[0];
const gemfile = readFileSync(join(ROOT, 'fluentd/Gemfile'), 'utf8');
const values = parse(readFileSync(join(ROOT, 'helm/kansoku/values.yaml'), 'utf8'));

/** gem "name", "version" lines of the Gemfile. */
const pins = [...gemfile.matchAll(/^\s*gem "([^"]+)", "([^"]+)"/gm)].map((m) => ({
  name: m[1] as string,
  version: m[2] as string,
}));

test('the Fluentd Dockerfile parses and lints clean', () => {
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.stages.length, 1);
});

test('the base image is the exact Fluentd release the Gemfile pins, Debian-based', () => {
  const match = /^fluent\/fluentd:v(\d+\.\d+\.\d+)-debian-\d+\.\d+$/.exec(stage?.image ?? '');
  assert.ok(match, `${stage?.image} is not an exact fluent/fluentd Debian tag`);
  assert.equal(match[1], pins.find((p) => p.name === 'fluentd')?.version);
});

test('the gems come from fluentd/Gemfile, every fluent-plugin pinned to an exact version', () => {
  assert.ok(stage);
  const copies = (instructions(stage, 'COPY') as ModifiableInstruction[]).map(args);
  assert.deepEqual(copies, [['fluentd/Gemfile', '/fluentd/Gemfile']]);
  assert.ok(existsSync(join(ROOT, 'fluentd/Gemfile')));
  const run = instructions(stage, 'RUN')
    .map((r) => r.getArgumentsContent() ?? '')
    .join('\n');
  assert.match(run, /bundle install --gemfile=\/fluentd\/Gemfile/);
  const plugins = [...gemfile.matchAll(/^\s*gem "(fluent-plugin-[^"]+)"(.*)$/gm)];
  assert.ok(plugins.length >= 7);
  for (const [, name, rest] of plugins) assert.match(rest ?? '', /^, "\d+\.\d+\.\d+"$/, `${name} is not pinned`);
});

test('the Elasticsearch major the image is built for by default is the chart’s', () => {
  assert.ok(stage);
  const arg = instructions(stage, 'ARG').find((a) => a.getArgumentsContent()?.startsWith('ELASTICSEARCH_MAJOR'));
  assert.equal(arg?.getArgumentsContent(), `ELASTICSEARCH_MAJOR=${values.elasticsearch.majorVersion}`);
  assert.match(gemfile, /ENV\.fetch\("KANSOKU_ELASTICSEARCH_MAJOR"/);
});

test('the exposed ports are the chart’s health and metrics ports', () => {
  assert.ok(stage);
  const exposed = instructions(stage, 'EXPOSE').flatMap(args).map(Number).sort();
  assert.deepEqual(exposed, [values.fluentd.healthPort, values.fluentd.metrics.port].sort());
});
