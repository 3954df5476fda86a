// Debian's Alertmanager on a free loopback port, single instance (no cluster port).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { binary } from './paths.js';
import { freePort } from './ports.js';
import { httpOk, launch, type ServiceProcess, startWithPortRetry } from './process.js';

export interface AlertmanagerOptions {
  /** A full Alertmanager configuration; the default routes everything to a receiver that does nothing. */
  config?: Record<string, unknown>;
}

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  status: { state: string };
}

export interface AlertmanagerService {
  url: string;
  process: ServiceProcess;
  /** The alerts Alertmanager currently holds (GET /api/v2/alerts). */
  alerts(): Promise<AlertmanagerAlert[]>;
  stop(): Promise<void>;
}

const DEFAULT_CONFIG = {
  route: { receiver: 'null', group_wait: '0s', group_interval: '1s', repeat_interval: '1h' },
  receivers: [{ name: 'null' }],
};

export function startAlertmanager(options: AlertmanagerOptions = {}): Promise<AlertmanagerService> {
  return startWithPortRetry('alertmanager', () => startOnce(options));
}

async function startOnce(options: AlertmanagerOptions): Promise<AlertmanagerService> {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-alertmanager-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, stringify(options.config ?? DEFAULT_CONFIG));
  const process = await launch(
    {
      name: 'alertmanager',
      command: binary('prometheus-alertmanager'),
      args: [
        `--config.file=${configFile}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Empty: no gossip port on *:9094, a single loopback-only instance.
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      dataDirs: [dir],
    },
    () => httpOk(`${url}/-/ready`),
    30_000,
  );
  return {
    url,
    process,
    async alerts() {
      const response = await fetch(`${url}/api/v2/alerts`);
      if (!response.ok) throw new Error(`alertmanager GET /api/v2/alerts: ${response.status} ${await response.text()}`);
      return (await response.json()) as AlertmanagerAlert[];
    },
    stop: () => process.stop(),
  };
}
