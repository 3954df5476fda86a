// images/forwarder/Dockerfile, which cannot be built here (no Docker): parsed and linted,
// and held to what the chart expects of the image it runs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ModifiableInstruction } from 'dockerfile-ast';
import { parse } from 'yaml';
import { FORWARDER_ON, one, podSpec, render } from '../helm/chart.js';
import { args, instructions, ROOT, readDockerfile } from './dockerfile.js';

const PATH = 'images/forwarder/Dockerfile';
const parsed = readDockerfile(PATH);
const final = parsed.stages.at(-1);

test('the forwarder Dockerfile parses and lints clean', () => {
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.stages.length, 2);
});

test('every stage is Node 20 slim, pinned to a minor version', () => {
  for (const stage of parsed.stages) assert.match(stage.image, /^node:20\.\d+-[a-z]+-slim$/);
});

test('the image runs as the unprivileged uid the chart’s pods run as', async () => {
  assert.ok(final);
  const users = instructions(final, 'USER').map((u) => args(u).join(' '));
  const [uid, gid] = (users.at(-1) ?? '').split(':').map(Number);
  assert.ok(Number.isInteger(uid) && (uid as number) > 0, `final USER ${users.at(-1)} is not a numeric non-root uid`);
  const objects = await render({ values: FORWARDER_ON });
  for (const kind of ['Deployment', 'Job']) {
    const security = podSpec(one(objects, kind)).securityContext;
    assert.equal(security.runAsUser, uid, kind);
    assert.equal(security.runAsGroup, gid, kind);
  }
});

test('the entrypoint is the kansoku command and the default command is what the chart runs', async () => {
  assert.ok(final);
  const entrypoint = instructions(final, 'ENTRYPOINT')[0];
  assert.ok(entrypoint);
  // Exec form: the process gets signals directly, with no shell in between.
  assert.match(entrypoint.getArgumentsContent() ?? '', /^\[.*\]$/);
  assert.match(entrypoint.getArgumentsContent() ?? '', /\.bin\/kansoku"/);
  const cmd = JSON.parse(instructions(final, 'CMD')[0]?.getArgumentsContent() ?? '[]');
  const deployment = one(await render({ values: FORWARDER_ON }), 'Deployment');
  assert.deepEqual(podSpec(deployment).containers[0].args, cmd);
});

test('the image installs better-sqlite3 beside the tarball, in the package’s peer range', () => {
  // The forwarder's default state store; npm leaves an optional peer out unless asked.
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>;
  };
  const install = parsed.stages
    .flatMap((stage) => instructions(stage, 'RUN'))
    .map((run) => run.getArgumentsContent() ?? '')
    .find((command) => command.includes('kansoku-*.tgz'));
  assert.ok(install, 'no RUN installs the packed tarball');
  assert.ok(
    install.includes(`better-sqlite3@${manifest.peerDependencies['better-sqlite3']}`),
    `the tarball's install does not add better-sqlite3@${manifest.peerDependencies['better-sqlite3']}: ${install}`,
  );
});

test('the exposed ports are the chart’s ingest and metrics ports', () => {
  assert.ok(final);
  const values = parse(readFileSync(join(ROOT, 'helm/kansoku/values.yaml'), 'utf8'));
  const exposed = instructions(final, 'EXPOSE').flatMap(args).map(Number).sort();
  assert.deepEqual(exposed, [values.forwarder.ingestPort, values.forwarder.metricsPort].sort());
});

test('files copied from the build context exist, and copies between stages name an earlier stage', () => {
  const stageNames = new Set<string>();
  for (const stage of parsed.stages) {
    for (const copy of instructions(stage, 'COPY') as ModifiableInstruction[]) {
      const from = copy
        .getFlags()
        .find((f) => f.getName() === 'from')
        ?.getValue();
      const sources = args(copy).slice(0, -1);
      if (from) assert.ok(stageNames.has(from), `COPY --from=${from} names no earlier stage`);
      else
        for (const source of sources) assert.ok(existsSync(join(ROOT, source)), `${source} is not in the repository`);
    }
    if (stage.name) stageNames.add(stage.name);
  }
  // The build context leaves out what npm ci would replace.
  assert.match(readFileSync(join(ROOT, `${PATH}.dockerignore`), 'utf8'), /^\*\*\/node_modules$/m);
});

test('the linter this test relies on does catch a broken Dockerfile', async () => {
  const { validate } = await import('dockerfile-utils');
  assert.ok(validate('FROM node:20-slim\nCOPY\nUSERR 1000\n').length >= 2);
});
