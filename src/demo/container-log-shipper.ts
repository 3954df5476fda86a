// The demo's log shipping, the way a Kubernetes cluster with kansoku's Fluentd does it: each
// service's JSON lines are what its container's log file would hold (CRI format, the
// runtime's nanosecond timestamp), made into Elasticsearch documents by the model of
// fluentd/ that computes the record contract (src/fluentd/contract: event.id, @timestamp,
// log.level, kubernetes.* for a pod of the demo's own), and bulk-indexed into the daily
// kansoku-logs-YYYY.MM.DD indices under their event.id, as out_elasticsearch does. The demo
// runs no Kubernetes and Fluentd cannot be installed here: this is how its records still
// have the shape the forwarder reads in production. Never blocks or breaks the demo:
// beyond a bound, lines are dropped and counted; a failed bulk request is counted.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { ClusterObjects, PodObject } from '../fluentd/contract/kubernetes-metadata.js';
import { runPipeline } from '../fluentd/contract/pipeline.js';

/** FLUENT_ELASTICSEARCH_LOGSTASH_PREFIX's default: the indices are <prefix>-YYYY.MM.DD. */
export const LOG_INDEX_PREFIX = 'kansoku-logs';
export const DEMO_NAMESPACE = 'kansoku-demo';
const MAX_MESSAGE_BYTES = 1048576;

export interface ContainerLogShipperOptions {
  client: Client;
  /** service.name → the container that service runs in (its pod is made up for the demo). */
  containers: Record<string, string>;
  /** How often buffered lines are sent. Default 1 s (Fluentd's own output flushes every few seconds). */
  flushIntervalMs?: number;
  /** Lines waiting beyond this are dropped and counted. Default 20,000. */
  maxBufferedLines?: number;
}

export interface ShippingCounts {
  indexed: number;
  /** Lines dropped because the buffer was full, or documents Elasticsearch refused or never got. */
  dropped: number;
}

interface Container {
  path: string;
  lines: string[];
}

function podFor(service: string, container: string): { pod: PodObject; path: string } {
  const hash = randomBytes(5).toString('hex');
  const name = `${service}-${hash.slice(0, 9)}-${hash.slice(-5)}`;
  const containerId = randomBytes(32).toString('hex');
  const pod: PodObject = {
    metadata: {
      name,
      namespace: DEMO_NAMESPACE,
      uid: randomUUID(),
      labels: { 'app.kubernetes.io/name': service, 'app.kubernetes.io/part-of': 'kansoku-demo' },
    },
    spec: { nodeName: 'demo-node' },
    status: {
      podIP: '127.0.0.1',
      containerStatuses: [
        { name: container, image: `kansoku/${service}:1.0.0`, imageID: '', containerID: `containerd://${containerId}` },
      ],
    },
  };
  return { pod, path: `/var/log/containers/${name}_${DEMO_NAMESPACE}_${container}-${containerId}.log` };
}

/** The runtime's timestamp: RFC 3339 in UTC with nanoseconds, distinct for lines in the same millisecond. */
function runtimeClock(): () => string {
  let lastMs = 0;
  let sequence = 0;
  return () => {
    const ms = Date.now();
    sequence = ms === lastMs ? sequence + 1 : 0;
    lastMs = ms;
    return `${new Date(ms).toISOString().slice(0, -1)}${String(sequence).padStart(6, '0')}Z`;
  };
}

export class ContainerLogShipper {
  private readonly client: Client;
  private readonly cluster: ClusterObjects;
  private readonly containers = new Map<string, Container>();
  private readonly maxBuffered: number;
  private readonly clock = runtimeClock();
  private readonly timer: NodeJS.Timeout;
  private buffered = 0;
  private sending: Promise<void> = Promise.resolve();
  private readonly counts: ShippingCounts = { indexed: 0, dropped: 0 };

  constructor(options: ContainerLogShipperOptions) {
    this.client = options.client;
    this.maxBuffered = options.maxBufferedLines ?? 20_000;
    this.cluster = {
      pods: [],
      namespaces: [
        {
          metadata: {
            name: DEMO_NAMESPACE,
            uid: randomUUID(),
            creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
            labels: { 'kubernetes.io/metadata.name': DEMO_NAMESPACE },
          },
        },
      ],
    };
    for (const [service, container] of Object.entries(options.containers)) {
      const { pod, path } = podFor(service, container);
      this.cluster.pods.push(pod);
      this.containers.set(service, { path, lines: [] });
    }
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1_000);
  }

  /** One JSON line of a service, as its container wrote it to stdout. */
  write(line: string): void {
    const service = /"service\.name":"([^"]+)"/.exec(line)?.[1];
    const container = service === undefined ? undefined : this.containers.get(service);
    if (container === undefined) return;
    if (this.buffered >= this.maxBuffered) {
      this.counts.dropped += 1;
      return;
    }
    this.buffered += 1;
    // CRI: time, stream, F (a full line: pino lines are far below the runtime's 16 KiB split), the line.
    container.lines.push(`${this.clock()} stdout F ${line.replace(/\n$/, '')}`);
  }

  shipped(): ShippingCounts {
    return { ...this.counts };
  }

  /** Sends what is buffered (after any send in progress). */
  flush(): Promise<void> {
    this.sending = this.sending.then(() => this.send());
    return this.sending;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async send(): Promise<void> {
    const operations: unknown[] = [];
    let documents = 0;
    for (const container of this.containers.values()) {
      if (container.lines.length === 0) continue;
      const content = `${container.lines.join('\n')}\n`;
      container.lines = [];
      const output = runPipeline({
        path: container.path,
        content,
        cluster: this.cluster,
        maxMessageBytes: MAX_MESSAGE_BYTES,
        indexPrefix: LOG_INDEX_PREFIX,
        now: new Date().toISOString(),
      });
      for (const doc of output.documents) {
        operations.push({ index: { _index: doc.index, _id: doc.id } }, doc.source);
        documents += 1;
      }
    }
    this.buffered = 0;
    if (documents === 0) return;
    try {
      const response = await this.client.bulk({ operations: operations as never });
      const failed = response.errors ? response.items.filter((item) => item.index?.error).length : 0;
      this.counts.indexed += documents - failed;
      this.counts.dropped += failed;
    } catch {
      this.counts.dropped += documents;
    }
  }
}
