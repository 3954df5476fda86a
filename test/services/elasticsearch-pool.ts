// Plain 9.x Elasticsearch nodes shared by the test files of one `npm test` run, one file at a
// time: starting a node costs a test file 13-16 CPU-seconds and 10-15 s before its first
// test (docs/test-services.md), and the run's CPU is what its wall time is made of.
//
// scripts/run-tests.ts owns the pool: it starts the nodes in the background, names their
// folder in KANSOKU_ELASTICSEARCH_POOL for the test processes and stops the nodes before the
// leak check. The folder holds, per node, `<node>.starting` from the moment the owner starts
// it, `<node>.json` (its URL, version and the state it had right after it started) once it is
// up (or `<node>.failed`), and `<node>.lease` while a file uses it. A file leases a node by
// creating the lease file exclusively (O_EXCL, so two processes never get the same node),
// waiting for it if it is still starting (as long as starting one of its own would take, and
// the pool's node costs nothing more), and gives it back by resetting the node to the state
// it started with (elasticsearch-state.ts) and deleting the lease. A node whose reset does not prove it
// pristine keeps its lease and gets `<node>.retired`; the owner stops it, and no file uses it again.
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ElasticsearchOptions, type ElasticsearchService, startElasticsearch } from './elasticsearch.js';
import type { ElasticsearchCredentials } from './elasticsearch-security.js';
import { type ElasticsearchState, elasticsearchState, resetElasticsearch } from './elasticsearch-state.js';
import { type ElasticsearchDistribution, elasticsearch } from './paths.js';

export const POOL_ENV = 'KANSOKU_ELASTICSEARCH_POOL';
const RETIRED_POLL_MS = 1_000;
const STARTING_POLL_MS = 200;

interface PooledNode {
  url: string;
  version: string;
  pristine: ElasticsearchState;
}

/** A node a file holds until it calls release(). */
export interface ElasticsearchLease {
  readonly url: string;
  readonly version: string;
  /** Resets the node and gives it back, or keeps it out of the pool if the reset left it different. */
  release(): Promise<void>;
}

export interface ElasticsearchPool {
  /** The folder to name in KANSOKU_ELASTICSEARCH_POOL. */
  readonly dir: string;
  /** Stops every node (waiting for one still starting); answers why nodes were retired, one line each. */
  stop(): Promise<string[]>;
}

/** Starts `size` nodes one after the other in the background; each is leasable as soon as it is up. */
export function startElasticsearchPool(size: number): ElasticsearchPool {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-elasticsearch-pool-'));
  const nodes = new Map<string, ElasticsearchService>();
  const retired: string[] = [];
  let stopping = false;
  const starting = (async () => {
    for (let i = 0; i < size && !stopping; i++) {
      const name = `node-${i}`;
      writeFileSync(join(dir, `${name}.starting`), '');
      const service = await startElasticsearch().catch((err: unknown) => {
        writeFileSync(join(dir, `${name}.failed`), String(err));
        throw err;
      });
      nodes.set(name, service);
      const node: PooledNode = {
        url: service.url,
        version: service.version,
        pristine: await elasticsearchState(service.url),
      };
      // Written whole under another name first: a file that lists the folder never reads half of it.
      writeFileSync(join(dir, `${name}.tmp`), JSON.stringify(node));
      renameSync(join(dir, `${name}.tmp`), join(dir, `${name}.json`));
    }
  })().catch((err: unknown) => {
    // The files that find no node start their own, so a pool that failed costs time, not tests.
    retired.push(`the pool could not start a node: ${(err as Error).message}`);
  });
  // Stops of retired nodes under way: stop() waits for them too, or the leak check could
  // find one still shutting down.
  const stoppingRetired = new Set<Promise<void>>();
  const stopRetired = () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.retired'))) {
      const name = file.slice(0, -'.retired'.length);
      const service = nodes.get(name);
      if (!service) continue;
      nodes.delete(name);
      retired.push(`${name}: ${readFileSync(join(dir, file), 'utf8')}`);
      const stopped = service.stop().catch((err: unknown) => {
        retired.push(`${name} did not stop: ${(err as Error).message}`);
      });
      stoppingRetired.add(stopped);
    }
  };
  const poll = setInterval(stopRetired, RETIRED_POLL_MS);
  poll.unref();
  return {
    dir,
    async stop() {
      stopping = true;
      clearInterval(poll);
      await starting;
      stopRetired();
      await Promise.all([...stoppingRetired, ...[...nodes.values()].map((service) => service.stop())]);
      nodes.clear();
      rmSync(dir, { recursive: true, force: true });
      return retired;
    },
  };
}

/** The node's description once it is up, or undefined if the pool could not start it. */
async function upNode(base: string): Promise<PooledNode | undefined> {
  for (;;) {
    if (existsSync(`${base}.json`)) return JSON.parse(readFileSync(`${base}.json`, 'utf8')) as PooledNode;
    if (existsSync(`${base}.failed`) || !existsSync(`${base}.starting`)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, STARTING_POLL_MS));
  }
}

/** A free node of the run's pool (waiting for it if it is starting), or undefined (no pool, every node busy). */
export async function leasePooledElasticsearch(): Promise<ElasticsearchLease | undefined> {
  const dir = process.env[POOL_ENV];
  if (!dir) return undefined;
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.starting'))
      .map((f) => f.slice(0, -'.starting'.length));
  } catch {
    return undefined;
  }
  for (const name of names.sort()) {
    const base = join(dir, name);
    try {
      closeSync(openSync(`${base}.lease`, 'wx'));
    } catch {
      continue;
    }
    const node = await upNode(base);
    // A node that failed to start stays leased: nobody else waits for it.
    if (!node) return undefined;
    return {
      url: node.url,
      version: node.version,
      async release() {
        const differences = await resetElasticsearch(node.url, node.pristine).catch((err: unknown) => [
          `the reset failed: ${(err as Error).message}`,
        ]);
        if (differences.length === 0) rmSync(`${base}.lease`);
        else
          writeFileSync(
            `${base}.retired`,
            `not pristine after a reset (${process.argv[1]}):\n${differences.join('\n')}`,
          );
      },
    };
  }
  return undefined;
}

/** The node a file got: from the run's pool, or started for the file alone. */
export interface FileNode {
  url: string;
  version: string;
  credentials: ElasticsearchCredentials | undefined;
  /** Gives a pooled node back (reset) or stops the file's own. */
  done(): Promise<void>;
}

/**
 * A node for a test file (test/helpers/elasticsearch-for-file.ts wraps it for the usual case,
 * a node from the file's before hook to its after hook): a plain 9.x node with default options
 * is leased from the run's pool when one is free; any other kind, or a plain one when no pooled
 * node is free, is started for the file. done() must be called.
 */
export async function elasticsearchNode(
  distribution: ElasticsearchDistribution = elasticsearch,
  options: ElasticsearchOptions = {},
): Promise<FileNode> {
  const plain = distribution === elasticsearch && !options.secured && !options.fullJit;
  const lease = plain ? await leasePooledElasticsearch() : undefined;
  if (lease) return { url: lease.url, version: lease.version, credentials: undefined, done: () => lease.release() };
  const service = await startElasticsearch(distribution, options);
  return { url: service.url, version: service.version, credentials: service.credentials, done: () => service.stop() };
}
