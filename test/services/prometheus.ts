// A real Prometheus 3.x (built by install.sh) on a free loopback port, with its own
// configuration and TSDB in a temporary folder.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { binary } from './paths.js';
import { freePort } from './ports.js';
import { httpOk, launch, type ServiceProcess, startWithPortRetry } from './process.js';

export interface ScrapeTarget {
  job: string;
  /** host:port pairs. */
  targets: string[];
  metricsPath?: string;
  labels?: Record<string, string>;
  /** Prometheus `metric_relabel_configs` for the job, as written in its configuration. */
  metricRelabelConfigs?: Record<string, unknown>[];
  /** Default http. */
  scheme?: 'http' | 'https';
  /** Sent as `Authorization: Bearer …` (the test cluster's API server wants one). */
  bearerToken?: string;
  /** CA certificate file that signed an https target's certificate. */
  caFile?: string;
}

export interface PrometheusOptions {
  scrape?: ScrapeTarget[];
  /** Default 1s so that tests see data quickly. */
  scrapeInterval?: string;
  evaluationInterval?: string;
  /** Absolute paths of rule files to load. */
  ruleFiles?: string[];
  /** Alertmanager base URLs (http://127.0.0.1:port) to send alerts to. */
  alertmanagers?: string[];
  /** Store exemplars scraped from OpenMetrics targets. */
  exemplars?: boolean;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusService {
  url: string;
  process: ServiceProcess;
  /** Instant query; throws with Prometheus's own error text on a bad expression. */
  query(expr: string): Promise<PromSample[]>;
  /**
   * Instant query for an expression that should return data: an empty answer is asked again,
   * up to three times two seconds apart, before it is returned. A scrape that times out on a
   * loaded machine marks every series of its target stale until the next one succeeds, so a
   * query can come back empty for a moment (a cold CI run saw it once). Still empty after
   * that, the empty answer is returned and the test fails as it should.
   */
  queryExpectingData(expr: string): Promise<PromSample[]>;
  /** GET any /api/v1 path and return its `data`. */
  api<T = unknown>(path: string): Promise<T>;
  /** Resolves when every target of every job has been scraped successfully at least once. */
  waitForTargetsUp(deadlineMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 60_000;

export function startPrometheus(options: PrometheusOptions = {}): Promise<PrometheusService> {
  return startWithPortRetry('prometheus', () => startOnce(options));
}

async function startOnce(options: PrometheusOptions): Promise<PrometheusService> {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-prometheus-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = {
    global: {
      scrape_interval: options.scrapeInterval ?? '1s',
      evaluation_interval: options.evaluationInterval ?? '1s',
    },
    rule_files: options.ruleFiles ?? [],
    alerting: options.alertmanagers?.length
      ? {
          alertmanagers: [
            {
              static_configs: [{ targets: options.alertmanagers.map((u) => new URL(u).host) }],
              api_version: 'v2',
            },
          ],
        }
      : undefined,
    scrape_configs: (options.scrape ?? []).map((s) => ({
      job_name: s.job,
      metrics_path: s.metricsPath ?? '/metrics',
      static_configs: [{ targets: s.targets, labels: s.labels ?? {} }],
      ...(s.metricRelabelConfigs ? { metric_relabel_configs: s.metricRelabelConfigs } : {}),
      ...(s.scheme ? { scheme: s.scheme } : {}),
      ...(s.bearerToken ? { authorization: { type: 'Bearer', credentials: s.bearerToken } } : {}),
      ...(s.caFile ? { tls_config: { ca_file: s.caFile } } : {}),
    })),
  };
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, stringify(config));
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-lifecycle',
    '--log.level=warn',
  ];
  if (options.exemplars) args.push('--enable-feature=exemplar-storage');
  const process = await launch(
    { name: 'prometheus', command: binary('prometheus'), args, dataDirs: [dir] },
    () => httpOk(`${url}/-/ready`),
    STARTUP_DEADLINE_MS,
  );

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${url}/api/v1/${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string; errorType?: string };
    if (body.status !== 'success') {
      throw new Error(`Prometheus ${path}: ${body.errorType ?? response.status}: ${body.error ?? 'unknown error'}`);
    }
    return body.data;
  }

  const query = async (expr: string) => {
    const data = await api<{ resultType: string; result: PromSample[] }>(`query?query=${encodeURIComponent(expr)}`);
    return data.result;
  };

  return {
    url,
    process,
    api,
    query,
    async queryExpectingData(expr) {
      let result = await query(expr);
      for (let again = 0; result.length === 0 && again < 3; again++) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        result = await query(expr);
      }
      return result;
    },
    async waitForTargetsUp(deadlineMs = 30_000) {
      await process.waitUntilReady(async () => {
        const data = await api<{ activeTargets: { health: string }[] }>('targets?state=active');
        return data.activeTargets.length > 0 && data.activeTargets.every((t) => t.health === 'up');
      }, deadlineMs);
    },
    stop: () => process.stop(),
  };
}
