// The one part of a cluster's metrics that cannot be real here: the kubelet's own and its
// cAdvisor's (no container runtime runs, so no container uses CPU or memory and no volume
// is mounted). This serves series shaped like the catalogue's kubelet and cadvisor
// families for the real pods, containers, nodes and claims of a test cluster, so that
// queries joining them with real kube-state-metrics series meet on real label values.
// Tests that use it say which queries read it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cadvisor } from '../../src/catalog/upstream/cadvisor.js';
import { kubelet } from '../../src/catalog/upstream/kubelet.js';
import type { ScrapeTarget } from '../../test/services/prometheus.js';

export interface ClusterObjects {
  /** namespace, pod, container of every running container. */
  containers: { namespace: string; pod: string; container: string }[];
  /** namespace and name of every claim a pod mounts. */
  claims: { namespace: string; persistentvolumeclaim: string }[];
  nodes: string[];
}

export const STOOD_IN_FAMILIES: ReadonlySet<string> = new Set([...cadvisor, ...kubelet].map((f) => f.name));

type Labels = Record<string, string>;

function line(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return `${name}{${pairs.join(',')}} ${value}`;
}

/** Every catalogued label gets a value: the object's where it has one, its own name otherwise. */
function fill(labels: readonly string[], known: Labels): Labels {
  return Object.fromEntries(labels.map((l) => [l, known[l] ?? l]));
}

function cadvisorExposition(objects: ClusterObjects, scrape: number): string {
  const out: string[] = [];
  for (const f of cadvisor) {
    out.push(`# TYPE ${f.name} ${f.type}`);
    for (const c of objects.containers) {
      const value = f.type === 'counter' ? scrape * 0.5 : 64 * 1024 * 1024;
      out.push(line(f.name, fill(f.labels, { ...c, cpu: 'total', interface: 'eth0', name: c.container }), value));
    }
  }
  return `${out.join('\n')}\n`;
}

function kubeletExposition(objects: ClusterObjects, scrape: number): string {
  const out: string[] = [];
  for (const f of kubelet) {
    out.push(`# TYPE ${f.name} ${f.type}`);
    const sets: Labels[] = f.labels.includes('persistentvolumeclaim')
      ? objects.claims
      : f.labels.includes('node')
        ? objects.nodes.map((node) => ({ node }))
        : [{}];
    for (const set of sets) {
      const labels = fill(f.labels, set);
      if (f.type === 'histogram') {
        for (const le of ['0.1', '1', '+Inf']) out.push(line(`${f.name}_bucket`, { ...labels, le }, scrape));
        out.push(line(`${f.name}_sum`, labels, scrape * 0.05), line(`${f.name}_count`, labels, scrape));
      } else {
        // Volumes fill up a little with every scrape, so that predict_linear has a slope.
        out.push(line(f.name, labels, f.name.includes('volume') ? 1_000_000 + scrape * 1000 : 1));
      }
    }
  }
  return `${out.join('\n')}\n`;
}

export interface KubeletStandIn {
  /** Two scrape jobs, both job="kubelet", with the metrics_path labels the selectors expect. */
  scrapeTargets: ScrapeTarget[];
  close(): Promise<void>;
}

export async function startKubeletStandIn(objects: ClusterObjects): Promise<KubeletStandIn> {
  let scrapes = 0;
  const server: Server = createServer((req, res) => {
    scrapes += 1;
    const body =
      req.url === '/metrics/cadvisor' ? cadvisorExposition(objects, scrapes) : kubeletExposition(objects, scrapes);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    scrapeTargets: [
      { job: 'kubelet-stand-in', targets: [target], labels: { job: 'kubelet', metrics_path: '/metrics' } },
      {
        job: 'cadvisor-stand-in',
        targets: [target],
        metricsPath: '/metrics/cadvisor',
        labels: { job: 'kubelet', metrics_path: '/metrics/cadvisor' },
      },
    ],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
