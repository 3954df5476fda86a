// The upstream catalogue (src/catalog/upstream/) against what the real exporters export:
// kube-state-metrics and the API server of a real control plane with sample workloads,
// node_exporter on this machine, elasticsearch_exporter in front of a real Elasticsearch.
// Every catalogued family must be exported, with every catalogued label and its type.
// Together with the name checks (dashboards/test/names.test.ts, alerts/test/names.test.ts:
// queries name only catalogued families and labels) this means a dashboard or alert cannot
// name a family or label the real exporter does not produce.
//
// kubelet, cAdvisor and Fluentd cannot run here (no container runtime; Fluentd is not
// installable); their catalogues stay unchecked against reality.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { MetricFamily } from '@kansoku/instrumentation';
import { apiserver } from '../../../src/catalog/upstream/apiserver.js';
import { elasticsearchExporter } from '../../../src/catalog/upstream/elasticsearch-exporter.js';
import { kubeStateMetrics } from '../../../src/catalog/upstream/kube-state-metrics.js';
import { nodeExporter } from '../../../src/catalog/upstream/node-exporter.js';
import { apiRequest } from '../../services/cluster/api-client.js';
import { POD_STATE_LABEL } from '../../services/cluster/kwok-stages.js';
import { sampleWorkloads } from '../../services/cluster/sample-workloads.js';
import { type Cluster, startCluster } from '../../services/cluster.js';
import { elasticsearchNode, type FileNode } from '../../services/elasticsearch-pool.js';
import { type ExporterService, startElasticsearchExporter } from '../../services/exporters.js';
import { type ExportedFamily, parseExposition, scrapeFamilies } from '../../services/exposition.js';

let cluster: Cluster;
// A plain node: leased from the run's pool when one is free (elasticsearch-for-file.ts).
let es: FileNode;
let esExporter: ExporterService;

before(async () => {
  [cluster, es] = await Promise.all([
    startCluster({ nodes: 2, kubeStateMetrics: true, nodeExporter: true }),
    elasticsearchNode(),
  ]);
  esExporter = await startElasticsearchExporter(es.url);
  await cluster.apply(sampleWorkloads('shop'));
  // Taints are only exported for nodes that have one.
  await cluster.kubectl([
    'taint',
    'node',
    cluster.nodes[1] as string,
    'kansoku.test/dedicated=logging:PreferNoSchedule',
  ]);
  // A failed Job and a NotReady node besides the healthy sample, so that the
  // failure-only series (last terminated reason, failed Job conditions) exist too.
  await cluster.apply({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'broken', namespace: 'shop' },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels: { [POD_STATE_LABEL]: 'Failed' } },
        spec: {
          restartPolicy: 'Never',
          // The sample namespace has a compute quota: every container states its requests.
          containers: [
            { name: 'app', image: 'registry.invalid/x:1', resources: { requests: { cpu: '10m', memory: '8Mi' } } },
          ],
        },
      },
    },
  });
  await cluster.waitFor('the sample workloads settled', async () => {
    const jobs = await cluster.api<{ items: { status: { succeeded?: number; failed?: number } }[] }>(
      '/apis/batch/v1/namespaces/shop/jobs',
    );
    const pvc = await cluster.api<{ status: { phase: string } }>('/api/v1/namespaces/shop/persistentvolumeclaims/data');
    return (
      jobs.items.length === 2 &&
      jobs.items.every((j) => j.status.succeeded || j.status.failed) &&
      pvc.status.phase === 'Bound'
    );
  });
});

after(async () => {
  await esExporter?.stop();
  await cluster?.stop();
  await es?.done();
});

/** Every way the catalogue and the real exposition disagree, one line each. */
function mismatches(exporter: string, catalogue: readonly MetricFamily[], real: Map<string, ExportedFamily>): string[] {
  const problems: string[] = [];
  for (const family of catalogue) {
    const exported = real.get(family.name);
    if (!exported || exported.samples === 0) {
      problems.push(`${exporter}: ${family.name} is catalogued but not exported`);
      continue;
    }
    const realType = exported.type === 'untyped' ? 'gauge' : exported.type;
    if (realType !== family.type) {
      problems.push(`${exporter}: ${family.name} is catalogued as a ${family.type}, exported as a ${exported.type}`);
    }
    for (const label of family.labels) {
      if (!exported.labels.has(label)) {
        problems.push(
          `${exporter}: ${family.name} has no label ${label} (it has ${[...exported.labels].sort().join(', ')})`,
        );
      }
    }
  }
  return problems;
}

test('kube-state-metrics exports every catalogued family and label', async () => {
  assert.ok(cluster.kubeStateMetrics);
  const real = await scrapeFamilies(`${cluster.kubeStateMetrics.url}/metrics`);
  assert.deepEqual(mismatches('kube-state-metrics', kubeStateMetrics, real), []);
});

test('node_exporter exports every catalogued family and label', async () => {
  assert.ok(cluster.nodeExporter);
  const real = await scrapeFamilies(`${cluster.nodeExporter.url}/metrics`);
  assert.deepEqual(mismatches('node_exporter', nodeExporter, real), []);
});

test('elasticsearch_exporter exports every catalogued family and label', async () => {
  const real = await scrapeFamilies(`${esExporter.url}/metrics`);
  assert.deepEqual(mismatches('elasticsearch_exporter', elasticsearchExporter, real), []);
});

test('the API server exports every catalogued family and label', async () => {
  const ca = await readFile(cluster.caFile, 'utf8');
  const response = await apiRequest(`${cluster.server}/metrics`, { ca, token: cluster.token, timeoutMs: 30_000 });
  assert.equal(response.status, 200);
  assert.deepEqual(mismatches('kube-apiserver', apiserver, parseExposition(response.body)), []);
});

test('the check fails on a family or label the exporter does not produce', async () => {
  assert.ok(cluster.kubeStateMetrics);
  const real = await scrapeFamilies(`${cluster.kubeStateMetrics.url}/metrics`);
  const invented: MetricFamily[] = [
    { name: 'kube_pod_info', type: 'gauge', help: '', labels: ['namespace', 'pod_name'] },
    { name: 'kube_pod_sadness', type: 'gauge', help: '', labels: [] },
    { name: 'kube_pod_info', type: 'counter', help: '', labels: [] },
  ];
  const problems = mismatches('kube-state-metrics', invented, real);
  assert.equal(problems.length, 3);
  assert.match(problems[0] ?? '', /kube_pod_info has no label pod_name/);
  assert.match(problems[1] ?? '', /kube_pod_sadness is catalogued but not exported/);
  assert.match(problems[2] ?? '', /catalogued as a counter, exported as a gauge/);
});
