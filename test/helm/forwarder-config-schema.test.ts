// forwarder.config in values.schema.json is the forwarder's own schema
// (src/forwarder/config/schema.ts) less what the chart sets: every setting of the forwarder
// is a value or owned by the chart, and the forwarder.yaml the chart renders for every ci
// values file is accepted by the forwarder's real configuration loader, with the
// environment the Deployment gives the pod.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CHART_OWNED_SETTINGS, forwarderConfigSchema } from '../../helm/src/forwarder-config-schema.js';
import { envSettings } from '../../src/forwarder/config/env.js';
import { loadConfig } from '../../src/forwarder/config/load.js';
import {
  CHART,
  ciValuesFiles,
  FORWARDER_ON,
  find,
  type K8sObject,
  one,
  podSpec,
  type Rendered,
  render,
} from './chart.js';

interface Node {
  properties?: Record<string, Node>;
}

const committed = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')).properties.forwarder.properties
  .config as Node;

function has(schema: Node, path: string[]): boolean {
  let node: Node | undefined = schema;
  for (const key of path) node = node?.properties?.[key];
  return node !== undefined;
}

test('every forwarder setting is a chart value or set by the chart, never both, never neither', () => {
  const owned = (path: string[]) =>
    CHART_OWNED_SETTINGS.some((o) => path.join('.') === o || path.join('.').startsWith(`${o}.`));
  const settings = envSettings();
  assert.ok(settings.length > 40);
  const neither = settings.filter((s) => !owned(s.path) && !has(committed, s.path)).map((s) => s.path.join('.'));
  const both = settings.filter((s) => owned(s.path) && has(committed, s.path)).map((s) => s.path.join('.'));
  assert.deepEqual(neither, [], 'settings of the forwarder missing from forwarder.config');
  assert.deepEqual(both, [], 'settings the chart sets that are still values');
  // Nothing in forwarder.config the forwarder does not know.
  const walk = (node: Node, path: string[]): string[] =>
    Object.entries(node.properties ?? {}).flatMap(([key, child]) =>
      child.properties ? walk(child, [...path, key]) : [[...path, key].join('.')],
    );
  const known = new Set(settings.map((s) => s.path.join('.')));
  assert.deepEqual(
    walk(committed, []).filter((p) => !known.has(p)),
    [],
  );
  // The committed file is what the generator writes now (npm run check:generated holds the rest).
  assert.deepEqual(JSON.parse(JSON.stringify(forwarderConfigSchema())), committed);
});

/** The forwarder.yaml a release renders, loaded as the forwarder loads it in the pod. */
function loadRendered(objects: K8sObject[]) {
  const text = one(objects, 'Secret', '-forwarder').stringData['forwarder.yaml'] as string;
  const container = podSpec(one(objects, 'Deployment', '-forwarder')).containers[0];
  // Values from Secrets stand in as their reference; the forwarder only needs them set.
  const env = Object.fromEntries(
    (container.env as Rendered[]).map((e) => [e.name, e.value ?? `from-${e.valueFrom.secretKeyRef.key}`]),
  );
  return { config: loadConfig({ text, env }), text, env: container.env as Rendered[] };
}

test('the forwarder.yaml of every values file with the forwarder on loads in the forwarder as it is', async () => {
  const files = ciValuesFiles().filter((f) => /forwarder-/.test(f));
  assert.ok(files.length >= 4);
  for (const file of [undefined, ...files]) {
    const objects = await render(file ? { files: [file] } : { values: FORWARDER_ON });
    const { config } = loadRendered(objects);
    assert.deepEqual(config.inputs.http?.listen, { host: '0.0.0.0', port: 8080 }, file);
    assert.ok(Object.keys(config.sinks).length > 0, file);
  }
});

test('the forwarder’s Elasticsearch credentials come from a Secret, as variables in its configuration', async () => {
  const poller = {
    ...FORWARDER_ON.forwarder,
    config: { ...FORWARDER_ON.forwarder.config, inputs: { elasticsearch: { node: 'https://es:9200' } } },
  };
  const cases: { values: unknown; secret: string; keys: [string, string]; created: boolean }[] = [
    {
      values: {
        forwarder: {
          ...poller,
          elasticsearchCredentials: { existingSecret: 'es-forwarder', usernameKey: 'u', passwordKey: 'p' },
        },
      },
      secret: 'es-forwarder',
      keys: ['u', 'p'],
      created: false,
    },
    {
      values: { forwarder: { ...poller, elasticsearchCredentials: { username: 'forwarder', password: 'pa55' } } },
      secret: 'obs-kansoku-forwarder-elasticsearch',
      keys: ['username', 'password'],
      created: true,
    },
    // Without credentials of its own, the forwarder uses the chart's (Fluentd's and the setup Job's).
    {
      values: { forwarder: poller, elasticsearch: { credentials: { existingSecret: 'es-shared' } } },
      secret: 'es-shared',
      keys: ['username', 'password'],
      created: false,
    },
  ];
  for (const { values, secret, keys, created } of cases) {
    const objects = await render({ values });
    const { config, text, env } = loadRendered(objects);
    assert.deepEqual(config.inputs.elasticsearch?.auth, { username: `from-${keys[0]}`, password: `from-${keys[1]}` });
    assert.doesNotMatch(text, /pa55/);
    const refs = env.filter((e) => e.name.startsWith('KANSOKU_ES_')).map((e) => e.valueFrom.secretKeyRef);
    assert.deepEqual(refs, [
      { name: secret, key: keys[0] },
      { name: secret, key: keys[1] },
    ]);
    const made = find(objects, 'Secret', '-forwarder-elasticsearch');
    assert.equal(made.length, created ? 1 : 0);
    if (created) {
      assert.equal(Buffer.from(made[0]?.data.password, 'base64').toString(), 'pa55');
    }
  }
  // A forwarder that never talks to Elasticsearch gets no credentials at all.
  const quiet = await render({ values: { ...FORWARDER_ON, elasticsearch: { credentials: { existingSecret: 'es' } } } });
  assert.equal(loadRendered(quiet).env.filter((e) => e.name.startsWith('KANSOKU_ES_')).length, 0);
  // State in Elasticsearch gets the same credentials.
  const state = await render({
    values: {
      forwarder: {
        ...poller,
        config: { ...FORWARDER_ON.forwarder.config, state: { elasticsearch: { node: 'https://es:9200' } } },
        elasticsearchCredentials: { existingSecret: 'es-forwarder' },
      },
    },
  });
  const stateConfig = parse(one(state, 'Secret', '-forwarder').stringData['forwarder.yaml']);
  assert.deepEqual(
    [stateConfig.state.elasticsearch.username, stateConfig.state.elasticsearch.password],
    ['$' + '{KANSOKU_ES_USERNAME}', '$' + '{KANSOKU_ES_PASSWORD}'],
  );
});
