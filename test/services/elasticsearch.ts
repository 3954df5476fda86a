// A real single-node Elasticsearch 9.x from Maven Central's integ-test zip, on the
// Temurin 25 JDK, run as the unprivileged user install.sh creates (Elasticsearch refuses
// root). Security is off and everything lives in a temporary folder owned by that user.
// What this minimal distribution lacks is written down in docs/elasticsearch.md.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ElasticsearchDistribution, elasticsearch } from './paths.js';
import { freePort } from './ports.js';
import { launch, type ServiceProcess, startWithPortRetry } from './process.js';

export interface ElasticsearchService {
  url: string;
  version: string;
  /** The running node's process (a new one after resume()). */
  readonly process: ServiceProcess;
  stop(): Promise<void>;
  /** Stops the node but keeps its data, config and port, as an outage would. */
  pause(): Promise<void>;
  /** Starts the paused node again on the same port with the same data. */
  resume(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 180_000;

/** Starts a node of the default distribution (9.x), or of the one given (paths.elasticsearch8). */
export function startElasticsearch(
  distribution: ElasticsearchDistribution = elasticsearch,
): Promise<ElasticsearchService> {
  return startWithPortRetry('elasticsearch', () => startOnce(distribution));
}

async function startOnce(es: ElasticsearchDistribution): Promise<ElasticsearchService> {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-elasticsearch-'));
  const [httpPort, transportPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${httpPort}`;
  const config = join(dir, 'config');
  await cp(join(es.home, 'config'), config, { recursive: true });
  await writeFile(
    join(config, 'elasticsearch.yml'),
    [
      'cluster.name: kansoku-test',
      'node.name: kansoku-test-node',
      'discovery.type: single-node',
      'network.host: 127.0.0.1',
      `http.port: ${httpPort}`,
      `transport.port: ${transportPort}`,
      `path.data: ${join(dir, 'data')}`,
      `path.logs: ${join(dir, 'logs')}`,
      'xpack.security.enabled: false',
      // Test machines run with little free disk; the watermarks would block writes.
      'cluster.routing.allocation.disk.threshold_enabled: false',
      'action.destructive_requires_name: false',
      '',
    ].join('\n'),
  );
  // The stock jvm.options writes a GC log relative to the working directory; drop it.
  const jvmOptions = await readFile(join(config, 'jvm.options'), 'utf8');
  await writeFile(
    join(config, 'jvm.options'),
    jvmOptions
      .split('\n')
      .filter((line) => !line.startsWith('-Xlog:gc'))
      .join('\n'),
  );
  for (const sub of ['data', 'logs', 'tmp']) await mkdir(join(dir, sub));
  execFileSync('chown', ['-R', `${es.user}:`, dir]);

  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ES_JAVA_HOME: es.javaHome,
    ES_PATH_CONF: config,
    ES_TMPDIR: join(dir, 'tmp'),
    ES_JAVA_OPTS: '-Xms512m -Xmx512m',
  };
  const options = {
    name: 'elasticsearch',
    command: 'runuser',
    args: [
      '-u',
      es.user,
      '--',
      'env',
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      join(es.home, 'bin/elasticsearch'),
    ],
    cwd: dir,
  };
  const ready = async () => {
    const response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return false;
    const health = (await response.json()) as { status: string };
    return health.status !== 'red';
  };
  let node: ServiceProcess | undefined = await launch({ ...options, dataDirs: [] }, ready, STARTUP_DEADLINE_MS).catch(
    async (err: unknown) => {
      await rm(dir, { recursive: true, force: true });
      throw err;
    },
  );
  return {
    url,
    version: es.version,
    get process() {
      if (node === undefined) throw new Error('elasticsearch is paused');
      return node;
    },
    async stop() {
      await node?.stop(30_000);
      node = undefined;
      await rm(dir, { recursive: true, force: true });
    },
    async pause() {
      await node?.stop(30_000);
      node = undefined;
    },
    async resume() {
      if (node === undefined) node = await launch({ ...options, dataDirs: [] }, ready, STARTUP_DEADLINE_MS);
    },
  };
}
