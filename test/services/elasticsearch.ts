// A real single-node Elasticsearch 9.x from Maven Central's integ-test zip, on the
// Temurin 25 JDK, run as the unprivileged user install.sh creates (Elasticsearch refuses
// root). Security is off (unless `secured`) and everything lives in a temporary folder owned by that user.
// What this minimal distribution lacks is written down in docs/elasticsearch.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ElasticsearchCredentials, secure } from './elasticsearch-security.js';
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
  /** With `secured`: the superuser and the CA of the node's HTTPS certificate. */
  credentials?: ElasticsearchCredentials;
}

export interface ElasticsearchOptions {
  /** Security on: HTTPS with a throwaway CA and a file-realm superuser (elasticsearch-security.ts). */
  secured?: boolean;
  /**
   * The JIT's top tier (C2), as a production node runs. Benchmarks want it; tests start with
   * C1 only (-XX:TieredStopAtLevel=1), which costs about a third less CPU to start a node
   * (docs/test-services.md) and is slower only at a steady state no test reaches.
   */
  fullJit?: boolean;
}

const STARTUP_DEADLINE_MS = 180_000;

/** Starts a node of the default distribution (9.x), or of the one given (paths.elasticsearch8). */
export function startElasticsearch(
  distribution: ElasticsearchDistribution = elasticsearch,
  options: ElasticsearchOptions = {},
): Promise<ElasticsearchService> {
  return startWithPortRetry('elasticsearch', () => startOnce(distribution, options));
}

// GET with the CA and credentials of a secured node (fetch cannot take a CA of its own).
function securedGet(url: string, credentials: ElasticsearchCredentials): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsGet(
      url,
      {
        ca: readFileSync(credentials.caFile),
        auth: `${credentials.username}:${credentials.password}`,
        timeout: 5_000,
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

async function startOnce(es: ElasticsearchDistribution, wanted: ElasticsearchOptions): Promise<ElasticsearchService> {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-elasticsearch-'));
  const [httpPort, transportPort] = [await freePort(), await freePort()];
  const url = `${wanted.secured ? 'https' : 'http'}://127.0.0.1:${httpPort}`;
  const config = join(dir, 'config');
  await cp(join(es.home, 'config'), config, { recursive: true });
  const security = wanted.secured ? await secure(config) : undefined;
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
      ...(security?.settings ?? ['xpack.security.enabled: false']),
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
    ES_JAVA_OPTS: `-Xms512m -Xmx512m${wanted.fullJit ? '' : ' -XX:TieredStopAtLevel=1'}`,
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
    if (security) {
      const response = await securedGet(`${url}/_cluster/health`, security.credentials);
      return response.status === 200 && (JSON.parse(response.body) as { status: string }).status !== 'red';
    }
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
    ...(security && { credentials: security.credentials }),
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
