// kube-apiserver on loopback over TLS: static token authentication, RBAC, service-account
// tokens signed with the cluster's own key, etcd as storage.
import { readFile } from 'node:fs/promises';
import { binary } from '../paths.js';
import { freePort } from '../ports.js';
import { launch, type ServiceProcess, startWithPortRetry } from '../process.js';
import { apiRequest } from './api-client.js';
import type { ClusterCertificates } from './certificates.js';

export interface ApiServerOptions {
  etcdUrl: string;
  certificates: ClusterCertificates;
  tokenFile: string;
  /** Token of a user that may read /readyz (any authenticated user may). */
  readyToken: string;
}

export interface ApiServerService {
  /** https://127.0.0.1:port */
  url: string;
  process: ServiceProcess;
  stop(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 120_000;
/** Service IPs are only allocated, never routed: no kube-proxy runs here. */
export const SERVICE_CIDR = '10.96.0.0/16';

export function startApiServer(options: ApiServerOptions): Promise<ApiServerService> {
  return startWithPortRetry('kube-apiserver', () => startOnce(options));
}

async function startOnce(options: ApiServerOptions): Promise<ApiServerService> {
  const { certificates: c } = options;
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const ca = await readFile(c.caFile, 'utf8');
  const process = await launch(
    {
      name: 'kube-apiserver',
      command: binary('kube-apiserver'),
      args: [
        `--etcd-servers=${options.etcdUrl}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${port}`,
        '--advertise-address=127.0.0.1',
        // The "kubernetes" Service's endpoints would name the advertise address, and
        // endpoints may not be loopback addresses; nothing in the test bed needs them.
        '--endpoint-reconciler-type=none',
        `--tls-cert-file=${c.servingCertFile}`,
        `--tls-private-key-file=${c.servingKeyFile}`,
        `--client-ca-file=${c.caFile}`,
        `--token-auth-file=${options.tokenFile}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${c.serviceAccountPublicKeyFile}`,
        `--service-account-signing-key-file=${c.serviceAccountKeyFile}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--allow-privileged=true',
        '--profiling=false',
        '--v=1',
      ],
    },
    async () => {
      const response = await apiRequest(`${url}/readyz`, { ca, token: options.readyToken, timeoutMs: 5_000 });
      return response.status === 200;
    },
    STARTUP_DEADLINE_MS,
  );
  return { url, process, stop: () => process.stop() };
}
