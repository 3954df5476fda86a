// kube-controller-manager and kube-scheduler: what turns a Deployment into ReplicaSets and
// scheduled Pods, marks Jobs failed, counts quota usage, signs service-account tokens.
// Both serve their health endpoint over TLS with the cluster's serving certificate.
import { readFile } from 'node:fs/promises';
import { binary } from '../paths.js';
import { freePort } from '../ports.js';
import { launch, type ServiceProcess, startWithPortRetry } from '../process.js';
import { apiRequest } from './api-client.js';
import type { ClusterCertificates } from './certificates.js';

export interface ControllerOptions {
  kubeconfig: string;
  certificates: ClusterCertificates;
}

export interface ControllerService {
  /** https://127.0.0.1:port, serving /healthz and /metrics. */
  url: string;
  process: ServiceProcess;
  stop(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 90_000;

type Component = 'kube-controller-manager' | 'kube-scheduler';

/**
 * The controllers no test here relies on, switched off: each runs informers (lists and
 * watches against the API server) and periodic resyncs. Measured with
 * `npm run bench -- cluster-cpu` (3 nodes, kube-state-metrics; medians of 2, shared machine):
 * the whole cluster's start went from 4.1 to 3.3 CPU-s and its idle cost from 2.1 to 1.7 CPU-s
 * a minute (the controller manager's own from 0.60 to 0.42, the API server's with it).
 * What stays on is what the tests use: Deployments, ReplicaSets, StatefulSets, DaemonSets,
 * Jobs, CronJobs and HPAs roll out; namespaces, quotas, service accounts and their tokens,
 * garbage collection, the PV binder (the sample claim gets Bound), PDBs, endpoints and
 * endpoint slices (the chart's Services), node lifecycle, TTL after finished, the cluster
 * role aggregation and root CA publisher a real cluster has.
 */
const CONTROLLERS_OFF = [
  'bootstrap-signer', // bootstrap tokens: nodes here join through kwok, not kubeadm
  'certificatesigningrequest-approving',
  'certificatesigningrequest-cleaner',
  'certificatesigningrequest-signing', // no kubelet asks for a certificate
  'cloud-node-lifecycle', // no cloud provider
  'device-taint-eviction',
  'endpointslice-mirroring',
  'ephemeral-volume',
  'kube-apiserver-serving-clustertrustbundle-publisher',
  'legacy-serviceaccount-token-cleaner',
  'node-ipam', // pod IPs are kwok's
  'node-route',
  'persistentvolume-attach-detach', // nothing is mounted: no kubelet
  'persistentvolume-expander',
  'podcertificaterequest-cleaner',
  'replicationcontroller', // no test uses a ReplicationController
  'resourceclaim', // no dynamic resource allocation
  'selinux-warning',
  'service-cidr',
  'service-lb', // no load balancers
  'storage-version-migrator',
  'storageversion-garbage-collector',
  'taint-eviction', // no test evicts pods from a tainted node
  'token-cleaner',
  'ttl', // the node TTL annotation, for kubelets' caches
  'validatingadmissionpolicy-status',
  'volumeattributesclass-protection',
].map((name) => `-${name}-controller`);

function componentArgs(component: Component, options: ControllerOptions): string[] {
  const c = options.certificates;
  if (component === 'kube-scheduler') return [];
  return [
    `--controllers=*,${CONTROLLERS_OFF.join(',')}`,
    `--service-account-private-key-file=${c.serviceAccountKeyFile}`,
    `--root-ca-file=${c.caFile}`,
    // Each controller acts with its own service account, as in a real cluster.
    '--use-service-account-credentials=true',
    `--cluster-signing-cert-file=${c.caFile}`,
    `--cluster-signing-key-file=${c.caKeyFile}`,
  ];
}

export function startController(component: Component, options: ControllerOptions): Promise<ControllerService> {
  return startWithPortRetry(component, () => startOnce(component, options));
}

async function startOnce(component: Component, options: ControllerOptions): Promise<ControllerService> {
  const c = options.certificates;
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const ca = await readFile(c.caFile, 'utf8');
  const process = await launch(
    {
      name: component,
      command: binary(component),
      args: [
        `--kubeconfig=${options.kubeconfig}`,
        `--authentication-kubeconfig=${options.kubeconfig}`,
        `--authorization-kubeconfig=${options.kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${port}`,
        `--tls-cert-file=${c.servingCertFile}`,
        `--tls-private-key-file=${c.servingKeyFile}`,
        '--leader-elect=false',
        '--profiling=false',
        '--v=1',
        ...componentArgs(component, options),
      ],
    },
    async () => (await apiRequest(`${url}/healthz`, { ca, timeoutMs: 5_000 })).status === 200,
    STARTUP_DEADLINE_MS,
  );
  return { url, process, stop: () => process.stop() };
}
