// node_exporter and elasticsearch_exporter, real, on free loopback ports (kube-state-metrics
// needs a cluster: cluster.test.ts starts it). Each reports what it watches, not zeros:
// node_exporter this machine's CPUs, elasticsearch_exporter the real Elasticsearch's health.
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { after, before, test } from 'node:test';
import { elasticsearchNode, type FileNode } from './elasticsearch-pool.js';
import { type ExporterService, startElasticsearchExporter, startNodeExporter } from './exporters.js';
import { scrapeFamilies } from './exposition.js';

// A plain node: leased from the run's pool when one is free (elasticsearch-for-file.ts).
let es: FileNode;
let esExporter: ExporterService;
let nodeExporter: ExporterService;

before(async () => {
  [es, nodeExporter] = await Promise.all([elasticsearchNode(), startNodeExporter()]);
  esExporter = await startElasticsearchExporter(es.url);
});

after(async () => {
  await esExporter?.stop();
  await nodeExporter?.stop();
  await es?.done();
});

test('node_exporter reports every CPU of this machine', async () => {
  const response = await fetch(`${nodeExporter.url}/metrics`);
  const text = await response.text();
  const cpuIds = new Set([...text.matchAll(/^node_cpu_seconds_total\{cpu="(\d+)",mode="idle"\}/gm)].map((m) => m[1]));
  assert.equal(cpuIds.size, cpus().length);
});

test('elasticsearch_exporter reads the real cluster: its name, nodes and health by color', async () => {
  const text = await (await fetch(`${esExporter.url}/metrics`)).text();
  const nodes = /^elasticsearch_cluster_health_number_of_nodes\{cluster="([^"]+)"\} (\d+)$/m.exec(text);
  assert.deepEqual(nodes?.slice(1), ['kansoku-test', '1'], 'the single test node of cluster kansoku-test');
  const colors = [...text.matchAll(/^elasticsearch_cluster_health_status\{[^}]*color="(\w+)"[^}]*\} 1$/gm)].map(
    (m) => m[1],
  );
  assert.equal(colors.length, 1, 'exactly one color is current');
  assert.ok(['green', 'yellow'].includes(colors[0] ?? ''), `a fresh single node is green or yellow, not ${colors[0]}`);
  const families = await scrapeFamilies(`${esExporter.url}/metrics`);
  assert.ok((families.get('elasticsearch_thread_pool_rejected_count')?.samples ?? 0) > 0);
});

test('stop() ends the exporter process', async () => {
  const other = await startNodeExporter();
  await other.stop();
  await assert.rejects(fetch(`${other.url}/metrics`, { signal: AbortSignal.timeout(2_000) }));
});
