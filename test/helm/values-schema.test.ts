// values.schema.json (written by helm/src/values-schema.ts): helm refuses bad values with a
// message that names the value, every property is described, and values.yaml documents
// every value the schema knows and nothing else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMap, isScalar, parse, parseDocument, type YAMLMap } from 'yaml';
import { CHART, FORWARDER_ON, render, template } from './chart.js';

const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8'));

async function rejected(values: unknown): Promise<string> {
  const result = await template({ values });
  assert.notEqual(result.code, 0, `helm accepted ${JSON.stringify(values)}`);
  return result.stderr;
}

test('a value of the wrong type is rejected, naming the value', async () => {
  const stderr = await rejected({ fluentd: { enabled: 'sometimes' } });
  assert.match(stderr, /fluentd\/enabled/);
  assert.match(stderr, /boolean/);
  assert.match(await rejected({ forwarder: { ingestPort: 'http' } }), /forwarder\/ingestPort/);
  assert.match(await rejected({ elasticsearch: { scheme: 'ftp' } }), /elasticsearch\/scheme/);
  assert.match(await rejected({ forwarder: { config: { grouping: { realertAfter: 'soon' } } } }), /realertAfter/);
});

test('an unknown key is rejected, naming it, at every level the chart owns', async () => {
  assert.match(await rejected({ fluentd: { tolerateControlPlain: true } }), /tolerateControlPlain/);
  assert.match(await rejected({ dashbaords: { enabled: false } }), /dashbaords/);
  assert.match(await rejected({ forwarder: { config: { sinks: { teams: { url: 'https://x' } } } } }), /teams/);
  assert.match(await rejected({ fluentd: { metrics: { monitor: 'PodMonitor', path: '/x' } } }), /path/);
});

test('several forwarder replicas are rejected while the state is SQLite, naming forwarder/replicas', async () => {
  // SQLite is the default state.
  const byDefault = await rejected({ forwarder: { replicas: 2 } });
  assert.match(byDefault, /forwarder\/replicas/);
  const explicit = await rejected({ forwarder: { replicas: 3, config: { state: { sqlite: {} } } } });
  assert.match(explicit, /forwarder\/replicas/);
  // Two stores at once are not a state either.
  const both = await rejected({
    forwarder: { config: { state: { sqlite: {}, elasticsearch: { node: 'http://es:9200' } } } },
  });
  assert.match(both, /forwarder\/config\/state/);
  // With Elasticsearch state, several replicas are fine.
  const objects = await render({
    values: {
      forwarder: {
        ...FORWARDER_ON.forwarder,
        replicas: 3,
        config: { ...FORWARDER_ON.forwarder.config, state: { elasticsearch: { node: 'http://es:9200' } } },
      },
    },
  });
  const deployment = objects.find((o) => o.kind === 'Deployment');
  assert.equal(deployment?.spec.replicas, 3);
  // No Recreate strategy and no SQLite path: nothing of the single-writer setup remains.
  assert.equal(deployment?.spec.strategy, undefined);
  const config = parse(
    objects.find((o) => o.kind === 'Secret' && o.metadata.name.endsWith('-forwarder'))?.stringData['forwarder.yaml'],
  );
  assert.deepEqual(config.state, { elasticsearch: { node: 'http://es:9200' } });
});

test('an enabled forwarder without a sink is rejected, naming forwarder/config and sinks; the defaults install', async () => {
  const stderr = await rejected({ forwarder: { enabled: true } });
  assert.match(stderr, /forwarder\/config/);
  assert.match(stderr, /sinks/);
  assert.match(await rejected({ forwarder: { enabled: true, config: { sinks: {} } } }), /forwarder\/config\/sinks/);
  // The defaults render (the forwarder off), and so does the forwarder with one sink.
  assert.equal((await template()).code, 0);
  assert.equal((await template({ values: FORWARDER_ON })).code, 0);
});

test('the forwarder’s settings are checked as the forwarder checks them: typos, types, formats, chart-owned settings', async () => {
  const on = (config: unknown) => ({ forwarder: { ...FORWARDER_ON.forwarder, config } });
  const sinks = FORWARDER_ON.forwarder.config.sinks;
  assert.match(await rejected(on({ sinks, grouping: { spikeFactr: 2 } })), /forwarder\/config\/grouping.*spikeFactr/);
  assert.match(await rejected(on({ sinks, grouping: { spikeMinCount: 'many' } })), /spikeMinCount/);
  assert.match(await rejected(on({ sinks, detection: { minLevel: 'loud' } })), /detection\/minLevel/);
  assert.match(await rejected(on({ sinks: { webhook: { url: 'ftp://x' } } })), /sinks\/webhook\/url/);
  // The chart sets the listen addresses, the token and the credentials: they are no values.
  assert.match(await rejected(on({ sinks, metrics: { listen: '0.0.0.0:1' } })), /metrics/);
  assert.match(await rejected(on({ sinks, inputs: { http: { token: 'x' } } })), /token/);
  const poller = { node: 'http://es:9200', password: 'x' };
  assert.match(await rejected(on({ sinks, inputs: { elasticsearch: poller } })), /password/);
  // A ${VAR} reference stands for a URL the pod's environment gives.
  assert.equal((await template({ values: on({ sinks: { slack: { webhookUrl: '$' + '{SLACK_URL}' } } }) })).code, 0);
});

test('the forwarder’s Elasticsearch username and password come together', async () => {
  const stderr = await rejected({ forwarder: { elasticsearchCredentials: { username: 'forwarder' } } });
  assert.match(stderr, /forwarder\/elasticsearchCredentials\/password/);
  assert.match(
    await rejected({ forwarder: { elasticsearchCredentials: { password: 'p' } } }),
    /forwarder\/elasticsearchCredentials\/username/,
  );
});

test('a switch for a rule group or a disabled alert that does not exist is rejected, naming it', async () => {
  const stderr = await rejected({ prometheusRules: { groups: { 'kubernetes-appz': false } } });
  assert.match(stderr, /prometheusRules\.groups\.kubernetes-appz/);
  assert.match(stderr, /kubernetes-apps/);
  assert.match(await rejected({ prometheusRules: { disabled: ['KubePodCrashLoping'] } }), /KubePodCrashLoping/);
});

interface SchemaNode {
  type?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
}

function walk(node: SchemaNode, path: string, visit: (path: string, node: SchemaNode) => void): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    visit(`${path}${key}`, child);
    walk(child, `${path}${key}.`, visit);
  }
}

test('every property in the schema has a description, and every object of the chart is closed', () => {
  const undescribed: string[] = [];
  const open: string[] = [];
  walk(schema, '', (path, node) => {
    if (!node.description) undescribed.push(path);
    if (node.properties && node.additionalProperties !== false) open.push(path);
  });
  assert.deepEqual(undescribed, []);
  assert.deepEqual(open, []);
  assert.equal(schema.additionalProperties, false);
});

test('values.yaml documents every value of the schema with a comment, and only those', () => {
  const doc = parseDocument(readFileSync(join(CHART, 'values.yaml'), 'utf8'));
  const inValues = new Map<string, boolean>();
  const visit = (map: YAMLMap, path: string) => {
    map.items.forEach((pair, i) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      // The comment above a block's first key is kept on the block itself.
      const commented = Boolean(
        (pair.key as { commentBefore?: string }).commentBefore || (i === 0 && map.commentBefore),
      );
      inValues.set(`${path}${key}`, commented);
      // Maps of free keys (labels, groups) are values, not more schema; so are the
      // forwarder's configuration and resources, each documented as one value.
      const nested = !isOneValue(`${path}${key}`) && schemaAt(`${path}${key}`)?.properties;
      if (isMap(pair.value) && nested) visit(pair.value, `${path}${key}.`);
    });
  };
  visit(doc.contents as YAMLMap, '');
  const inSchema: string[] = [];
  walk(schema, '', (path) => {
    if (!path.split('.').some((_, i, parts) => i < parts.length - 1 && isOneValue(parts.slice(0, i + 1).join('.')))) {
      inSchema.push(path);
    }
  });
  assert.deepEqual(
    [...inValues.keys()].filter((k) => !schemaAt(k)),
    [],
    'in values.yaml, not in the schema',
  );
  assert.deepEqual(
    inSchema.filter((k) => !inValues.has(k)),
    [],
    'in the schema, not in values.yaml',
  );
  const leavesWithoutComment = [...inValues.entries()]
    .filter(([path, commented]) => !commented && (isOneValue(path) || !schemaAt(path)?.properties))
    .map(([path]) => path);
  assert.deepEqual(leavesWithoutComment, [], 'values without a # -- comment');
});

/** Objects documented as one value in values.yaml, not key by key. */
function isOneValue(path: string): boolean {
  return path === 'forwarder.config' || path.endsWith('.resources');
}

function schemaAt(path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const key of path.split('.')) node = node?.properties?.[key];
  return node;
}
