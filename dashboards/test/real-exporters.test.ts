// The Kubernetes-workload dashboard and the Elasticsearch panels of the log-pipeline
// dashboard, queried in a real Prometheus that scrapes the real exporters: kube-state-metrics
// and the API server of a real control plane (kwok nodes, sample workloads), node_exporter,
// and elasticsearch_exporter in front of a real Elasticsearch. Every query must return data.
//
// What cannot be real here: the kubelet's and cAdvisor's series (no container runtime runs,
// so no container has CPU or memory use and no volume is mounted). kubelet-stand-in.ts
// serves those, for the cluster's real pods and claims; each query that reads them is
// listed by name in the report of the last test below.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { extractPromqlNames } from '../../src/promql/names.js';
import { sampleWorkloads } from '../../test/services/cluster/sample-workloads.js';
import { type Cluster, startCluster } from '../../test/services/cluster.js';
import { elasticsearchNode, type FileNode } from '../../test/services/elasticsearch-pool.js';
import { type ExporterService, startElasticsearchExporter } from '../../test/services/exporters.js';
import { type PrometheusService, startPrometheus } from '../../test/services/prometheus.js';
import { buildDashboards } from '../src/index.js';
import { expandVariables, type FoundQuery, panelQueries, variableQueries } from './helpers.js';
import { type KubeletStandIn, STOOD_IN_FAMILIES, startKubeletStandIn } from './kubelet-stand-in.js';

const NAMESPACE = 'shop';
// Windows long enough for rate() to see two scrapes even on a busy machine.
const BUILTINS = { rateInterval: '20s', range: '1m' };

let cluster: Cluster;
// A plain node: leased from the run's pool when one is free (elasticsearch-for-file.ts).
let es: FileNode;
let esExporter: ExporterService;
let standIn: KubeletStandIn;
let prometheus: PrometheusService;

interface PodList {
  items: {
    metadata: { namespace: string; name: string };
    spec: { containers: { name: string }[]; volumes?: { persistentVolumeClaim?: { claimName: string } }[] };
    status: { phase: string };
  }[];
}

before(async () => {
  [cluster, es] = await Promise.all([
    startCluster({ nodes: 2, kubeStateMetrics: true, nodeExporter: true }),
    elasticsearchNode(),
  ]);
  esExporter = await startElasticsearchExporter(es.url);
  await cluster.apply(sampleWorkloads(NAMESPACE));
  await cluster.waitFor('the sample workloads running', async () => {
    const pods = await cluster.api<PodList>(`/api/v1/namespaces/${NAMESPACE}/pods`);
    const running = pods.items.filter((p) => p.status.phase === 'Running').length;
    const done = pods.items.filter((p) => p.status.phase === 'Succeeded').length;
    // checkout ×2, crasher, ledger, agent on each of 2 nodes; the Job's pod has finished.
    return running === 6 && done === 1;
  });
  const pods = await cluster.getJson<PodList>(['pods', '--all-namespaces']);
  standIn = await startKubeletStandIn({
    containers: pods.items.flatMap((p) =>
      p.spec.containers.map((c) => ({ namespace: p.metadata.namespace, pod: p.metadata.name, container: c.name })),
    ),
    claims: pods.items.flatMap((p) =>
      (p.spec.volumes ?? []).flatMap((v) =>
        v.persistentVolumeClaim
          ? [{ namespace: p.metadata.namespace, persistentvolumeclaim: v.persistentVolumeClaim.claimName }]
          : [],
      ),
    ),
    nodes: cluster.nodes,
  });
  // Documents indexed while Prometheus watches, so the indexing rates are not zero.
  const client = new Client({ node: es.url });
  prometheus = await startPrometheus({
    scrape: [
      ...cluster.scrapeTargets,
      { job: 'elasticsearch-exporter', targets: [esExporter.target] },
      ...standIn.scrapeTargets,
    ],
  });
  await prometheus.waitForTargetsUp(60_000);
  for (let i = 0; i < 6; i++) {
    await client.index({ index: 'kansoku-logs', document: { message: `event ${i}` }, refresh: true });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  await client.close();
  // rate() needs two samples inside its window; wait for a few scrapes of everything.
  await prometheus.process.waitUntilReady(async () => {
    const r = await prometheus.query('count_over_time(up[1m]) >= 8');
    return r.length === cluster.scrapeTargets.length + 1 + standIn.scrapeTargets.length;
  }, 60_000);
});

after(async () => {
  await prometheus?.stop();
  await standIn?.close();
  await esExporter?.stop();
  await cluster?.stop();
  await es?.done();
});

const built = buildDashboards();

function queriesOf(slug: string): FoundQuery[] {
  const d = built.find((b) => b.slug === slug);
  assert.ok(d, `no dashboard ${slug}`);
  return [...panelQueries(d.model, d.slug), ...variableQueries(d.model, d.slug)].map((q) => ({
    ...q,
    expr: expandVariables(q.expr, d.model, BUILTINS),
  }));
}

const standInsOf = (expr: string) => extractPromqlNames(expr).metrics.filter((m) => STOOD_IN_FAMILIES.has(m));

test('every query of the Kubernetes-workload dashboard returns data', async () => {
  const empty: string[] = [];
  const queries = queriesOf('kubernetes-workload');
  for (const q of queries) {
    if ((await prometheus.queryExpectingData(q.expr)).length === 0) empty.push(`${q.where}: ${q.expr}`);
  }
  assert.deepEqual(empty, []);
  assert.ok(queries.length >= 20, `only ${queries.length} queries`);
});

test('every Elasticsearch query of the log-pipeline dashboard returns data from elasticsearch_exporter', async () => {
  const queries = queriesOf('log-pipeline').filter((q) => /\belasticsearch_/.test(q.expr));
  assert.ok(queries.length >= 4, `only ${queries.length} Elasticsearch queries`);
  const empty: string[] = [];
  for (const q of queries) {
    if ((await prometheus.queryExpectingData(q.expr)).length === 0) empty.push(`${q.where}: ${q.expr}`);
  }
  assert.deepEqual(empty, []);
  const indexing = await prometheus.query('sum(rate(elasticsearch_indices_indexing_index_total[1m]))');
  assert.ok(Number(indexing[0]?.value[1]) > 0, 'the documents indexed during the test show up as an indexing rate');
});

test('the real values are the cluster’s: running pods, waiting reasons and CPU requests', async () => {
  const value = async (expr: string) => Number((await prometheus.query(expr))[0]?.value[1]);
  const pods = await cluster.getJson<PodList>(['pods', '--all-namespaces']);
  assert.equal(
    await value('sum(kube_pod_status_phase{job="kube-state-metrics", phase="Running"})'),
    pods.items.filter((p) => p.status.phase === 'Running').length,
  );
  const waiting = await prometheus.query(
    'sum by (reason) (kube_pod_container_status_waiting_reason{job="kube-state-metrics"})',
  );
  assert.deepEqual(
    waiting.map((s) => s.metric.reason),
    ['CrashLoopBackOff'],
  );
  // Every sample container requests 0.1 CPU.
  const inNamespace = pods.items.filter((p) => p.metadata.namespace === NAMESPACE);
  const requests = await value(`sum(kube_pod_container_resource_requests{namespace="${NAMESPACE}", resource="cpu"})`);
  assert.ok(
    Math.abs(requests - 0.1 * inNamespace.length) < 1e-9,
    `cpu requests ${requests} for ${inNamespace.length} pods`,
  );
});

test('which Kubernetes-workload queries read stood-in kubelet or cAdvisor series (they cannot be real here)', () => {
  const partly = queriesOf('kubernetes-workload')
    .map((q) => ({ where: q.where, standIns: standInsOf(q.expr) }))
    .filter((q) => q.standIns.length > 0);
  const real = queriesOf('kubernetes-workload').filter((q) => standInsOf(q.expr).length === 0);
  // Printed so that a reader of the test output sees exactly what was not real.
  for (const q of partly) console.log(`stood in: ${q.where} reads ${q.standIns.join(', ')}`);
  assert.ok(real.length > partly.length, `${real.length} real against ${partly.length} partly stood in`);
  for (const q of partly) assert.ok(q.standIns.every((m) => /^(container_|kubelet_)/.test(m)));
});
