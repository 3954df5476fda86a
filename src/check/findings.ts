// What `kansoku check --prometheus` asks a real Prometheus about the configuration: does
// every selector the enabled alerts and dashboards read match series, do the SLO services
// have traffic, and do they export the histogram (and the bucket) their latency SLOs and
// panels need. Each finding names the configuration path to look at.
import { GRPC_LABELS, METRICS } from '@kansoku/instrumentation';
import type { AlertGroupName } from '../config/alert-groups.js';
import type { KansokuConfig } from '../config/kansoku-config.js';
import type { Selectors } from '../config/monitoring-config.js';
import type { SloDefinition } from '../config/slo.js';
import type { PrometheusApi } from '../prometheus/http-api.js';

/** Which selector the alert groups read; grpcServices feeds the gRPC dashboards and SLOs whatever is switched. */
const SELECTOR_USERS: Record<keyof Selectors, readonly AlertGroupName[]> = {
  kubeStateMetrics: ['kubernetes-apps', 'kubernetes-resources', 'kubernetes-storage', 'kubernetes-system-kubelet'],
  kubelet: ['kubernetes-storage', 'kubernetes-system-kubelet'],
  cadvisor: ['kubernetes-resources'],
  apiserver: ['kubernetes-system', 'kubernetes-system-apiserver'],
  grpcServices: [],
  fluentd: ['kansoku-fluentd'],
  elasticsearchExporter: ['kansoku-elasticsearch'],
  forwarder: ['kansoku-forwarder'],
};

const METRICS_PATH = /,?\s*metrics_path\s*=~?\s*"[^"]*"\s*/;

function join(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p.trim() !== '').join(', ');
}

type Query = PrometheusApi['query'];

async function selectorFindings(config: KansokuConfig, query: Query): Promise<string[]> {
  const findings: string[] = [];
  const { selectors } = config.monitoring;
  for (const [name, users] of Object.entries(SELECTOR_USERS) as [keyof Selectors, AlertGroupName[]][]) {
    const on = users.filter((g) => config.alerts.groups[g]);
    if (name !== 'grpcServices' && on.length === 0) continue;
    const selector = selectors[name];
    if ((await query(`count({${selector}})`)).length > 0) continue;
    const readers = name === 'grpcServices' ? 'the gRPC dashboards and SLO rules' : `alert groups ${on.join(', ')}`;
    let hint = '';
    if (METRICS_PATH.test(selector)) {
      const without = selector
        .replace(METRICS_PATH, ' ')
        .replace(/^\s*,\s*|\s*,\s*$/g, '')
        .trim();
      if (without !== '' && (await query(`count({${without}})`)).length > 0)
        hint = `; series match ${without} but carry no such metrics_path label, which only prometheus-operator adds (docs/alerts.md, "Before you start")`;
    }
    findings.push(`selectors.${name}: ${selector} matches no series, so ${readers} read nothing${hint}`);
  }
  return findings;
}

async function sloFindings(config: KansokuConfig, query: Query): Promise<string[]> {
  const findings: string[] = [];
  const base = (slo: SloDefinition) =>
    join(config.monitoring.selectors.grpcServices, slo.selector, `${GRPC_LABELS.service}="${slo.service}"`);
  const checked = new Set<string>();
  for (const slo of config.slos) {
    const where = `slos (${slo.name})`;
    const key = base(slo);
    if (!checked.has(key)) {
      checked.add(key);
      if ((await query(`count(${METRICS.serverHandled.name}{${key}})`)).length === 0)
        findings.push(
          `${where}: service ${slo.service} has no traffic: no ${METRICS.serverHandled.name}{${key}} series`,
        );
    }
    if (slo.indicator.kind !== 'latency') continue;
    const buckets = await query(`count by (le) (${METRICS.serverHandlingSeconds.name}_bucket{${key}})`);
    if (buckets.length === 0) {
      findings.push(
        `${where}: service ${slo.service} exports no ${METRICS.serverHandlingSeconds.name} histogram, so its latency SLO has no data (Go: go-grpc-middleware records it only with WithServerHandlingTimeHistogram)`,
      );
      continue;
    }
    const les = buckets.map((b) => Number(b.metric.le)).filter(Number.isFinite);
    if (!les.includes(slo.indicator.thresholdSeconds)) {
      findings.push(
        `${where}: latency threshold ${slo.indicator.thresholdSeconds} is not a bucket service ${slo.service} exports; its buckets are ${les.sort((a, b) => a - b).join(', ')}`,
      );
    }
  }
  return findings;
}

/** gRPC services that count calls but export no handling-time histogram: their latency panels stay empty. */
async function histogramFindings(config: KansokuConfig, query: Query): Promise<string[]> {
  const sel = config.monitoring.selectors.grpcServices;
  const by = GRPC_LABELS.service;
  const missing = await query(
    `count by (${by}) (${METRICS.serverHandled.name}{${sel}}) unless on (${by}) count by (${by}) (${METRICS.serverHandlingSeconds.name}_bucket{${sel}})`,
  );
  return missing
    .map((s) => s.metric[by] ?? '')
    .sort()
    .map(
      (service) =>
        `selectors.grpcServices: service ${service} exports no ${METRICS.serverHandlingSeconds.name} histogram, so its latency panels show no data`,
    );
}

/** Every finding, selectors first, then SLOs, then histograms. */
export async function prometheusFindings(config: KansokuConfig, query: Query): Promise<string[]> {
  return [
    ...(await selectorFindings(config, query)),
    ...(await sloFindings(config, query)),
    ...(await histogramFindings(config, query)),
  ];
}
