// kwok (Kubernetes WithOut Kubelet) plays the kubelet of every simulated node: it keeps
// their leases and status, and moves their pods through the stages in kwok-stages.ts.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { binary } from '../paths.js';
import { freePort } from '../ports.js';
import { httpOk, launch, type ServiceProcess, startWithPortRetry } from '../process.js';
import { kwokStagesYaml } from './kwok-stages.js';

/** Nodes carrying this annotation are kwok's to simulate. */
export const KWOK_NODE_ANNOTATION = { 'kwok.x-k8s.io/node': 'fake' } as const;

export interface KwokService {
  process: ServiceProcess;
  stop(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 60_000;

export function startKwok(parentDir: string, kubeconfig: string): Promise<KwokService> {
  return startWithPortRetry('kwok', () => startOnce(parentDir, kubeconfig));
}

async function startOnce(parentDir: string, kubeconfig: string): Promise<KwokService> {
  const dir = await mkdtemp(join(parentDir, 'kwok-'));
  const stages = join(dir, 'stages.yaml');
  await writeFile(stages, kwokStagesYaml());
  const port = await freePort();
  const [key, value] = Object.entries(KWOK_NODE_ANNOTATION)[0] as [string, string];
  const process = await launch(
    {
      name: 'kwok',
      command: binary('kwok'),
      args: [
        `--config=${stages}`,
        `--kubeconfig=${kubeconfig}`,
        '--manage-all-nodes=false',
        `--manage-nodes-with-annotation-selector=${key}=${value}`,
        `--server-address=127.0.0.1:${port}`,
        // Nodes renew a Lease, as kubelets do, so the node lifecycle controller sees them alive.
        '--node-lease-duration-seconds=40',
      ],
      // kwok reads ~/.kwok/kwok.yaml by default; keep it to the file given.
      env: { ...globalThis.process.env, HOME: dir },
      dataDirs: [dir],
    },
    () => httpOk(`http://127.0.0.1:${port}/healthz`),
    STARTUP_DEADLINE_MS,
  );
  return { process, stop: () => process.stop() };
}
