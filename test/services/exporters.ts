// The real Prometheus exporters the cluster dashboards and alerts read, each on a free
// loopback port: kube-state-metrics (against a test cluster), node_exporter (this machine
// standing in for a node) and elasticsearch_exporter (against a real Elasticsearch).
// All built by install.sh from the Go module proxy.
import { binary } from './paths.js';
import { freePort } from './ports.js';
import { httpOk, launch, type ServiceProcess, startWithPortRetry } from './process.js';

export interface ExporterService {
  /** http://127.0.0.1:port, the exporter's metrics listener. */
  url: string;
  /** host:port, for a Prometheus scrape target. */
  target: string;
  process: ServiceProcess;
  stop(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 60_000;

function startExporter(name: string, args: (ports: number[]) => string[], portCount = 1): Promise<ExporterService> {
  return startWithPortRetry(name, async () => {
    const ports: number[] = [];
    for (let i = 0; i < portCount; i++) ports.push(await freePort());
    const target = `127.0.0.1:${ports[0]}`;
    const url = `http://${target}`;
    const process = await launch(
      { name, command: binary(name), args: args(ports) },
      () => httpOk(`${url}/metrics`),
      STARTUP_DEADLINE_MS,
    );
    return { url, target, process, stop: () => process.stop() };
  });
}

/** kube-state-metrics with every resource it knows, reading the cluster through `kubeconfig`. */
export function startKubeStateMetrics(kubeconfig: string): Promise<ExporterService> {
  return startExporter(
    'kube-state-metrics',
    ([port, telemetryPort]) => [
      `--kubeconfig=${kubeconfig}`,
      '--host=127.0.0.1',
      `--port=${port}`,
      '--telemetry-host=127.0.0.1',
      `--telemetry-port=${telemetryPort}`,
      // As docs/alerts.md asks of a deployment: the volume alerts skip claims labelled so.
      '--metric-labels-allowlist=persistentvolumeclaims=[excluded_from_alerts]',
    ],
    2,
  );
}

/** node_exporter with its default collectors. */
export function startNodeExporter(): Promise<ExporterService> {
  return startExporter('node_exporter', ([port]) => [`--web.listen-address=127.0.0.1:${port}`]);
}

/** elasticsearch_exporter against the Elasticsearch at `elasticsearchUrl`. */
export function startElasticsearchExporter(elasticsearchUrl: string): Promise<ExporterService> {
  return startExporter('elasticsearch_exporter', ([port]) => [
    `--es.uri=${elasticsearchUrl}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
}
