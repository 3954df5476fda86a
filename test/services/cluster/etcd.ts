// etcd, the API server's storage: one member on loopback, plain HTTP (nothing but the
// API server on this machine talks to it), its data in the cluster's temporary folder.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { binary } from '../paths.js';
import { freePort } from '../ports.js';
import { launch, type ServiceProcess, startWithPortRetry } from '../process.js';

export interface EtcdService {
  /** Client URL, http://127.0.0.1:port. */
  url: string;
  process: ServiceProcess;
  stop(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 60_000;

export function startEtcd(parentDir: string): Promise<EtcdService> {
  return startWithPortRetry('etcd', () => startOnce(parentDir));
}

async function startOnce(parentDir: string): Promise<EtcdService> {
  const dir = await mkdtemp(join(parentDir, 'etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const process = await launch(
    {
      name: 'etcd',
      command: binary('etcd'),
      args: [
        '--name=kansoku-test',
        `--data-dir=${join(dir, 'data')}`,
        `--listen-client-urls=${url}`,
        `--advertise-client-urls=${url}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=kansoku-test=${peer}`,
        '--initial-cluster-state=new',
        // A test cluster's data is thrown away at the end: do not wait for the disk.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      dataDirs: [dir],
    },
    async () => {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
      const body = (await response.json()) as { health?: string };
      return body.health === 'true';
    },
    STARTUP_DEADLINE_MS,
  );
  return { url, process, stop: () => process.stop() };
}
