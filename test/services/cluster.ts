// A whole Kubernetes control plane for one test, on loopback, torn down by stop():
// etcd, kube-apiserver (TLS, static tokens, RBAC, service-account keys),
// kube-controller-manager, kube-scheduler and kwok with simulated nodes; kube-state-metrics
// and node_exporter on request. Everything is built by install.sh from the Go module proxy.
//
//   const cluster = await startCluster({ kubeStateMetrics: true });
//   try {
//     await cluster.apply(manifestYaml);            // kubectl apply -f -
//     const pods = await cluster.getJson(['pods', '-n', 'demo']);
//     // helm: helm(['install', ..., '--kubeconfig', cluster.kubeconfig])
//   } finally {
//     await cluster.stop();                          // nothing left running
//   }
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { apiRequest } from './cluster/api-client.js';
import { startApiServer } from './cluster/apiserver.js';
import { makeCertificates } from './cluster/certificates.js';
import { startController } from './cluster/controllers.js';
import { startEtcd } from './cluster/etcd.js';
import { makeIdentities, writeTokenFile } from './cluster/identities.js';
import { writeKubeconfig } from './cluster/kubeconfig.js';
import { runKubectl } from './cluster/kubectl.js';
import { KWOK_NODE_ANNOTATION, startKwok } from './cluster/kwok.js';
import { type ExporterService, startKubeStateMetrics, startNodeExporter } from './exporters.js';
import { prometheusOperatorCrdDir } from './paths.js';
import type { ServiceProcess } from './process.js';
import type { ScrapeTarget } from './prometheus.js';

export { NODE_STATE_LABEL, POD_STATE_LABEL } from './cluster/kwok-stages.js';

export interface ClusterOptions {
  /** Simulated (kwok) nodes to create, named kwok-node-0…; default 2. */
  nodes?: number;
  /** Start kube-state-metrics against the cluster. */
  kubeStateMetrics?: boolean;
  /** Start node_exporter (it reports on this machine, standing in for a node). */
  nodeExporter?: boolean;
  /** Install prometheus-operator's PrometheusRule, ServiceMonitor and PodMonitor CRDs. */
  prometheusOperatorCrds?: boolean;
}

export interface Cluster {
  /** Path of an admin kubeconfig (for helm --kubeconfig, kubectl, client libraries). */
  kubeconfig: string;
  /** https://127.0.0.1:port */
  server: string;
  /** The admin's bearer token. */
  token: string;
  /** Path of the cluster CA certificate (PEM). */
  caFile: string;
  /** Names of the simulated nodes, all Ready when startCluster resolves. */
  nodes: string[];
  /** kubectl with the admin kubeconfig; resolves with stdout, rejects with stderr. */
  kubectl(args: string[], input?: string): Promise<string>;
  /** `kubectl apply` of YAML text or objects (server-side validation, like any client). */
  apply(manifests: string | object | object[]): Promise<string>;
  /** `kubectl get <args> -o json`, parsed. */
  getJson<T = { items: Record<string, unknown>[] }>(args: string[]): Promise<T>;
  /** A request to the API server as admin; rejects on a non-2xx status with the server's message. */
  api<T = unknown>(path: string, init?: { method?: string; body?: unknown; contentType?: string }): Promise<T>;
  /** Polls `check` until true; rejects after deadlineMs with `what` in the message. */
  waitFor(what: string, check: () => Promise<boolean>, deadlineMs?: number): Promise<void>;
  /** Prometheus scrape jobs: apiserver, and kube-state-metrics / node-exporter when started. */
  scrapeTargets: ScrapeTarget[];
  kubeStateMetrics?: ExporterService;
  nodeExporter?: ExporterService;
  /** Every process the cluster started, in start order (etcd first). */
  processes: ServiceProcess[];
  /** Stops every process in reverse order and removes the cluster's folder. */
  stop(): Promise<void>;
}

interface Stoppable {
  process: ServiceProcess;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-cluster-'));
  const started: Stoppable[] = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop();
    started.length = 0;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    return await build(dir, options, started, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function build(
  dir: string,
  options: ClusterOptions,
  started: Stoppable[],
  stopAll: () => Promise<void>,
): Promise<Cluster> {
  const certificates = await makeCertificates(dir);
  const identities = makeIdentities();
  const tokenFile = join(dir, 'tokens.csv');
  await writeTokenFile(tokenFile, identities);
  const ca = await readFile(certificates.caFile, 'utf8');

  const etcd = await startEtcd(dir);
  started.push(etcd);
  const apiserver = await startApiServer({
    etcdUrl: etcd.url,
    certificates,
    tokenFile,
    readyToken: identities.admin.token,
  });
  started.push(apiserver);
  const server = apiserver.url;
  const kubeconfigOf = (name: keyof typeof identities) =>
    writeKubeconfig(join(dir, `${name}.kubeconfig`), {
      server,
      caFile: certificates.caFile,
      user: identities[name].user,
      token: identities[name].token,
    });
  const kubeconfig = await kubeconfigOf('admin');

  const [controllerManager, scheduler, kwok] = await Promise.all([
    kubeconfigOf('controllerManager').then((k) =>
      startController('kube-controller-manager', { kubeconfig: k, certificates }),
    ),
    kubeconfigOf('scheduler').then((k) => startController('kube-scheduler', { kubeconfig: k, certificates })),
    kubeconfigOf('kwok').then((k) => startKwok(dir, k)),
  ]);
  started.push(controllerManager, scheduler, kwok);

  async function api<T>(path: string, init: { method?: string; body?: unknown; contentType?: string } = {}) {
    const response = await apiRequest(`${server}${path}`, { ...init, ca, token: identities.admin.token });
    if (response.status < 200 || response.status >= 300) {
      let message = response.body;
      try {
        message = (JSON.parse(response.body) as { message?: string }).message ?? message;
      } catch {
        // Not JSON: keep the text.
      }
      throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${message}`);
    }
    return (response.body ? JSON.parse(response.body) : undefined) as T;
  }

  async function waitFor(what: string, check: () => Promise<boolean>, deadlineMs = 60_000) {
    const deadline = Date.now() + deadlineMs;
    let last: unknown;
    for (;;) {
      try {
        if (await check()) return;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) {
        throw new Error(`test cluster: ${what} did not happen within ${Math.round(deadlineMs / 1000)}s`, {
          cause: last,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const nodes = Array.from({ length: options.nodes ?? 2 }, (_, i) => `kwok-node-${i}`);
  for (const name of nodes) {
    await api('/api/v1/nodes', {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          annotations: { ...KWOK_NODE_ANNOTATION },
          labels: {
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'node-role.kubernetes.io/worker': '',
          },
        },
      },
    });
  }
  await waitFor('every kwok node Ready', async () => {
    const list = await api<{ items: { status?: { conditions?: { type: string; status: string }[] } }[] }>(
      '/api/v1/nodes',
    );
    const ready = list.items.filter((n) =>
      n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    return ready.length === nodes.length;
  });
  // Pods can only be created once the controller manager has made the namespace's service account.
  await waitFor('the default service account', async () => {
    await api('/api/v1/namespaces/default/serviceaccounts/default');
    return true;
  });

  const kubectl = (args: string[], input?: string) => runKubectl(kubeconfig, args, { input });
  if (options.prometheusOperatorCrds) {
    const files = (await readdir(prometheusOperatorCrdDir)).filter((f) => f.endsWith('.yaml'));
    if (files.length === 0)
      throw new Error(`no CRDs in ${prometheusOperatorCrdDir}: run \`bash test/services/install.sh kubernetes\``);
    // Server-side apply: the CRDs are too large for the last-applied annotation.
    await kubectl(['apply', '--server-side', ...files.flatMap((f) => ['-f', join(prometheusOperatorCrdDir, f)])]);
    await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
  }

  const scrapeTargets: ScrapeTarget[] = [
    {
      job: 'apiserver',
      targets: [new URL(server).host],
      scheme: 'https',
      bearerToken: identities.admin.token,
      caFile: certificates.caFile,
    },
  ];
  let kubeStateMetrics: ExporterService | undefined;
  if (options.kubeStateMetrics) {
    kubeStateMetrics = await startKubeStateMetrics(await kubeconfigOf('kubeStateMetrics'));
    started.push(kubeStateMetrics);
    scrapeTargets.push({ job: 'kube-state-metrics', targets: [kubeStateMetrics.target] });
  }
  let nodeExporter: ExporterService | undefined;
  if (options.nodeExporter) {
    nodeExporter = await startNodeExporter();
    started.push(nodeExporter);
    scrapeTargets.push({ job: 'node-exporter', targets: [nodeExporter.target] });
  }

  return {
    kubeconfig,
    server,
    token: identities.admin.token,
    caFile: certificates.caFile,
    nodes,
    kubectl,
    apply(manifests) {
      const text =
        typeof manifests === 'string'
          ? manifests
          : (Array.isArray(manifests) ? manifests : [manifests]).map((m) => stringify(m)).join('---\n');
      return kubectl(['apply', '-f', '-'], text);
    },
    async getJson<T>(args: string[]) {
      return JSON.parse(await kubectl(['get', ...args, '-o', 'json'])) as T;
    },
    api,
    waitFor,
    scrapeTargets,
    kubeStateMetrics,
    nodeExporter,
    processes: started.map((s) => s.process),
    stop: stopAll,
  };
}
