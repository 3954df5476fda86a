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

function componentArgs(component: Component, options: ControllerOptions): string[] {
  const c = options.certificates;
  if (component === 'kube-scheduler') return [];
  return [
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
