// The one configuration object that dashboards and alerts are generated from: where each
// exporter's series are found (selectors), the cluster label, and every threshold. Like
// kubernetes-mixin's _config, nothing downstream spells a job name or a threshold itself.
// createMonitoringConfig() merges overrides onto the defaults and validates the result once,
// listing every problem.
import { parseDuration } from '../duration/prometheus-duration.js';
import { GENERATION_ERROR_CODES, GenerationError } from '../errors/generation-error.js';
import { isLabelName, selectorProblem } from '../promql/selector.js';

/** Label matchers without braces, e.g. `job="kubelet", metrics_path="/metrics"`. */
export type Selector = string;

export interface Selectors {
  kubeStateMetrics: Selector;
  /** The kubelet's own /metrics endpoint. */
  kubelet: Selector;
  /** cAdvisor, which the kubelet serves on /metrics/cadvisor. */
  cadvisor: Selector;
  apiserver: Selector;
  /** The gRPC services instrumented with @kansoku/instrumentation. */
  grpcServices: Selector;
  fluentd: Selector;
  elasticsearchExporter: Selector;
  forwarder: Selector;
}

export interface ClusterLabel {
  name: string;
  /** When false, queries neither group nor join by the cluster label (one cluster per Prometheus). */
  enabled: boolean;
}

/** One multi-window burn-rate rule: fire when both windows burn the budget `factor` times too fast. */
export interface BurnRateWindow {
  /** page: someone is woken; ticket: the work queue. */
  tier: 'page' | 'ticket';
  severity: 'critical' | 'warning';
  long: string;
  short: string;
  factor: number;
  for: string;
}

export interface Thresholds {
  /** CPUThrottlingHigh: share of CFS periods throttled, in percent. */
  cpuThrottlingPercent: number;
  /** KubePersistentVolumeFillingUp (critical / warning): free space below this ratio. */
  volumeFreeSpaceCritical: number;
  volumeFreeSpaceWarning: number;
  volumeFreeInodesCritical: number;
  volumeFreeInodesWarning: number;
  /** How much history predict_linear() looks at, and how far ahead it predicts. */
  volumeFullPredictionSampleTime: string;
  volumeFullPredictionHorizon: string;
  /** KubeletTooManyPods: running pods over pod capacity. */
  kubeletPodsRatio: number;
  /** KubeletPlegDurationHigh: PLEG relist p99 in seconds. */
  kubeletPlegSeconds: number;
  /** KubeNodeReadinessFlapping: Ready changes in 15 minutes. */
  nodeReadinessFlaps: number;
  /** KubeClientErrors: share of REST client requests answered 5xx. */
  clientErrorRatio: number;
  /** KubeQuotaAlmostFull: used over hard quota. */
  quotaAlmostFullRatio: number;
  /** KubeDaemonSetRolloutStuck's `for`. */
  daemonSetRolloutStuckFor: string;
  /** KubeJobNotCompleted: a Job still active this long after it started. */
  jobNotCompletedAfter: string;
  /** Kubelet{Client,Server}CertificateExpiration (warning / critical): the certificate expires within this. */
  kubeletCertExpirationWarning: string;
  kubeletCertExpirationCritical: string;
  /** Taint keys that mark a node unreachable on purpose (autoscaler, spot termination). */
  nodeUnreachableIgnoreKeys: string[];
  /** PVCs matching this (on kube_persistentvolumeclaim_labels) never raise volume alerts. */
  pvExcludedSelector: Selector;
  /** Fluentd: buffer space left, in percent, below which the buffer counts as filling. */
  fluentdBufferAvailablePercent: number;
  /** Forwarder: share of notifications failing that is worth an alert. */
  forwarderNotificationFailureRatio: number;
}

export interface Runbooks {
  /** Upstream alerts keep the upstream runbooks; `%s` is the lower-cased alert name. */
  upstreamPattern: string;
  /** kansoku's own alerts link to docs/runbooks.md; `%s` is the lower-cased alert name (its anchor). */
  ownPattern: string;
}

export interface MonitoringConfig {
  selectors: Selectors;
  clusterLabel: ClusterLabel;
  /** Restricts namespaced Kubernetes alerts, e.g. `namespace=~"prod-.*"`; empty for all. */
  namespaceSelector: Selector;
  /**
   * Labels every scraped series carries besides its own: those Prometheus adds (job, instance)
   * and those the prometheus-operator ServiceMonitor relabelling adds. The cluster label is
   * added when enabled.
   */
  targetLabels: string[];
  /** The scrape interval of the targets: no rate window may be shorter. */
  scrapeInterval: string;
  burnRates: BurnRateWindow[];
  thresholds: Thresholds;
  runbooks: Runbooks;
}

export type MonitoringConfigInput = {
  [K in keyof MonitoringConfig]?: MonitoringConfig[K] extends unknown[]
    ? MonitoringConfig[K]
    : MonitoringConfig[K] extends object
      ? Partial<MonitoringConfig[K]>
      : MonitoringConfig[K];
};

export const DEFAULT_MONITORING_CONFIG: Readonly<MonitoringConfig> = deepFreeze({
  // kube-prometheus's scrape jobs, the most common layout.
  selectors: {
    kubeStateMetrics: 'job="kube-state-metrics"',
    kubelet: 'job="kubelet", metrics_path="/metrics"',
    cadvisor: 'job="kubelet", metrics_path="/metrics/cadvisor"',
    apiserver: 'job="apiserver"',
    grpcServices: 'job=~".+"',
    fluentd: 'job="fluentd"',
    elasticsearchExporter: 'job="elasticsearch-exporter"',
    forwarder: 'job="kansoku-forwarder"',
  },
  clusterLabel: { name: 'cluster', enabled: false },
  namespaceSelector: '',
  targetLabels: ['job', 'instance', 'namespace', 'pod', 'service', 'container', 'endpoint', 'metrics_path'],
  scrapeInterval: '30s',
  // Google SRE Workbook's windows for a 30-day budget, with kubernetes-mixin's `for`.
  burnRates: [
    { tier: 'page', severity: 'critical', long: '1h', short: '5m', factor: 14.4, for: '2m' },
    { tier: 'page', severity: 'critical', long: '6h', short: '30m', factor: 6, for: '15m' },
    { tier: 'ticket', severity: 'warning', long: '1d', short: '2h', factor: 3, for: '1h' },
    { tier: 'ticket', severity: 'warning', long: '3d', short: '6h', factor: 1, for: '3h' },
  ],
  thresholds: {
    cpuThrottlingPercent: 25,
    volumeFreeSpaceCritical: 0.03,
    volumeFreeSpaceWarning: 0.15,
    volumeFreeInodesCritical: 0.03,
    volumeFreeInodesWarning: 0.15,
    volumeFullPredictionSampleTime: '6h',
    volumeFullPredictionHorizon: '4d',
    kubeletPodsRatio: 0.95,
    kubeletPlegSeconds: 10,
    nodeReadinessFlaps: 2,
    clientErrorRatio: 0.01,
    quotaAlmostFullRatio: 0.9,
    daemonSetRolloutStuckFor: '15m',
    jobNotCompletedAfter: '12h',
    kubeletCertExpirationWarning: '7d',
    kubeletCertExpirationCritical: '1d',
    nodeUnreachableIgnoreKeys: [
      'ToBeDeletedByClusterAutoscaler',
      'cloud.google.com/impending-node-termination',
      'aws-node-termination-handler/spot-itn',
    ],
    pvExcludedSelector: 'label_excluded_from_alerts="true"',
    fluentdBufferAvailablePercent: 20,
    forwarderNotificationFailureRatio: 0.05,
  },
  runbooks: {
    upstreamPattern: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/%s',
    ownPattern: 'https://github.com/kansoku/kansoku/blob/main/docs/runbooks.md#%s',
  },
});

/** The defaults with `input` merged on top, validated; throws a GenerationError listing every problem. */
export function createMonitoringConfig(input: MonitoringConfigInput = {}): MonitoringConfig {
  const { config, problems } = resolveMonitoringConfig(input);
  if (problems.length > 0)
    throw new GenerationError(GENERATION_ERROR_CODES.config, 'monitoring configuration', problems);
  return config;
}

/** The defaults with `input` merged on top, and every problem (`path: what is wrong`) instead of a throw. */
export function resolveMonitoringConfig(input: MonitoringConfigInput = {}): {
  config: MonitoringConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const merged = merge(input, problems);
  validate(merged, problems);
  return { config: deepFreeze(merged), problems };
}

/** The cluster label as a list, for `by (...)` and `on (...)` clauses: empty when not used. */
export function clusterLabels(config: MonitoringConfig): string[] {
  return config.clusterLabel.enabled ? [config.clusterLabel.name] : [];
}

/** The target labels, the cluster label included when it is used. */
export function allTargetLabels(config: MonitoringConfig): string[] {
  return [...config.targetLabels, ...clusterLabels(config)];
}

function merge(input: MonitoringConfigInput, problems: string[]): MonitoringConfig {
  const defaults = structuredClone(DEFAULT_MONITORING_CONFIG) as MonitoringConfig;
  if (typeof input !== 'object' || input === null) {
    problems.push('the configuration must be an object');
    return defaults;
  }
  const out = defaults as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (!(key in defaults)) {
      problems.push(`${key}: unknown setting (known: ${Object.keys(defaults).join(', ')})`);
      continue;
    }
    if (value === undefined) continue;
    const base = out[key];
    if (isPlainObject(base) && !Array.isArray(base)) {
      if (!isPlainObject(value)) {
        problems.push(`${key}: must be an object`);
        continue;
      }
      for (const [inner, innerValue] of Object.entries(value)) {
        if (!(inner in base))
          problems.push(`${key}.${inner}: unknown setting (known: ${Object.keys(base).join(', ')})`);
        else if (innerValue !== undefined) base[inner] = innerValue;
      }
    } else {
      out[key] = value;
    }
  }
  return defaults;
}

function validate(config: MonitoringConfig, problems: string[]): void {
  for (const [name, selector] of Object.entries(config.selectors)) {
    checkSelector(`selectors.${name}`, selector, problems, { required: true });
  }
  checkSelector('namespaceSelector', config.namespaceSelector, problems, { required: false });
  checkSelector('thresholds.pvExcludedSelector', config.thresholds.pvExcludedSelector, problems, { required: true });
  if (typeof config.clusterLabel.enabled !== 'boolean') problems.push('clusterLabel.enabled: must be true or false');
  if (!isLabelName(config.clusterLabel.name))
    problems.push(`clusterLabel.name: ${JSON.stringify(config.clusterLabel.name)} is not a label name`);
  if (!Array.isArray(config.targetLabels) || config.targetLabels.length === 0) {
    problems.push('targetLabels: must list at least job and instance');
  } else {
    for (const label of config.targetLabels) {
      if (!isLabelName(label)) problems.push(`targetLabels: ${JSON.stringify(label)} is not a label name`);
    }
  }
  const scrape = parseDuration(config.scrapeInterval);
  if (scrape === undefined) problems.push(`scrapeInterval: ${JSON.stringify(config.scrapeInterval)} is not a duration`);
  validateBurnRates(config.burnRates, scrape, problems);
  validateThresholds(config.thresholds, problems);
  for (const [name, pattern] of Object.entries(config.runbooks)) {
    if (typeof pattern !== 'string' || !/^https?:\/\/\S+$/.test(pattern) || !pattern.includes('%s')) {
      problems.push(`runbooks.${name}: must be an http(s) URL containing %s (the alert name)`);
    }
  }
}

function validateBurnRates(windows: BurnRateWindow[], scrapeSeconds: number | undefined, problems: string[]): void {
  if (!Array.isArray(windows) || windows.length === 0) {
    problems.push('burnRates: must list at least one window pair');
    return;
  }
  windows.forEach((w, i) => {
    const where = `burnRates[${i}]`;
    if (w.tier !== 'page' && w.tier !== 'ticket') problems.push(`${where}.tier: must be page or ticket`);
    if (w.severity !== 'critical' && w.severity !== 'warning')
      problems.push(`${where}.severity: must be critical or warning`);
    if (!(typeof w.factor === 'number' && Number.isFinite(w.factor) && w.factor > 0)) {
      problems.push(`${where}.factor: must be a positive number`);
    }
    const long = parseDuration(w.long);
    const short = parseDuration(w.short);
    for (const [field, seconds, text] of [
      ['long', long, w.long],
      ['short', short, w.short],
    ] as const) {
      if (seconds === undefined) problems.push(`${where}.${field}: ${JSON.stringify(text)} is not a duration`);
      // A rate needs at least two samples inside its window.
      else if (scrapeSeconds !== undefined && seconds < 2 * scrapeSeconds) {
        problems.push(`${where}.${field}: ${text} holds fewer than two scrapes at scrapeInterval`);
      }
    }
    if (long !== undefined && short !== undefined && short >= long) {
      problems.push(`${where}: short window ${w.short} must be shorter than long window ${w.long}`);
    }
    if (parseDuration(w.for) === undefined && w.for !== '0s')
      problems.push(`${where}.for: ${JSON.stringify(w.for)} is not a duration`);
  });
}

function validateThresholds(t: Thresholds, problems: string[]): void {
  const ratios: (keyof Thresholds)[] = [
    'volumeFreeSpaceCritical',
    'volumeFreeSpaceWarning',
    'volumeFreeInodesCritical',
    'volumeFreeInodesWarning',
    'kubeletPodsRatio',
    'clientErrorRatio',
    'quotaAlmostFullRatio',
    'forwarderNotificationFailureRatio',
  ];
  for (const key of ratios) {
    const v = t[key];
    if (!(typeof v === 'number' && v > 0 && v < 1))
      problems.push(`thresholds.${key}: must be a ratio between 0 and 1, got ${JSON.stringify(v)}`);
  }
  for (const key of ['cpuThrottlingPercent', 'fluentdBufferAvailablePercent'] as const) {
    const v = t[key];
    if (!(typeof v === 'number' && v > 0 && v < 100))
      problems.push(`thresholds.${key}: must be a percentage between 0 and 100, got ${JSON.stringify(v)}`);
  }
  for (const key of ['kubeletPlegSeconds', 'nodeReadinessFlaps'] as const) {
    const v = t[key];
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
      problems.push(`thresholds.${key}: must be a positive number, got ${JSON.stringify(v)}`);
  }
  for (const key of [
    'volumeFullPredictionSampleTime',
    'volumeFullPredictionHorizon',
    'daemonSetRolloutStuckFor',
    'jobNotCompletedAfter',
    'kubeletCertExpirationWarning',
    'kubeletCertExpirationCritical',
  ] as const) {
    if (typeof t[key] !== 'string' || parseDuration(t[key]) === undefined)
      problems.push(`thresholds.${key}: ${JSON.stringify(t[key])} is not a duration`);
  }
  const certWarning = parseDuration(String(t.kubeletCertExpirationWarning));
  const certCritical = parseDuration(String(t.kubeletCertExpirationCritical));
  if (certWarning !== undefined && certCritical !== undefined && certCritical >= certWarning) {
    problems.push('thresholds.kubeletCertExpirationCritical: must be shorter than kubeletCertExpirationWarning');
  }
  if (t.volumeFreeSpaceCritical >= t.volumeFreeSpaceWarning) {
    problems.push('thresholds.volumeFreeSpaceCritical: must be below volumeFreeSpaceWarning');
  }
  if (t.volumeFreeInodesCritical >= t.volumeFreeInodesWarning) {
    problems.push('thresholds.volumeFreeInodesCritical: must be below volumeFreeInodesWarning');
  }
  if (
    !Array.isArray(t.nodeUnreachableIgnoreKeys) ||
    t.nodeUnreachableIgnoreKeys.some((k) => typeof k !== 'string' || k === '' || /["\\|]/.test(k))
  ) {
    problems.push('thresholds.nodeUnreachableIgnoreKeys: must be a list of taint keys (no quotes, backslashes or |)');
  }
}

function checkSelector(
  where: string,
  selector: unknown,
  problems: string[],
  { required }: { required: boolean },
): void {
  if (!required && typeof selector === 'string' && selector.trim() === '') return;
  const problem = selectorProblem(selector);
  if (problem) problems.push(`${where}: ${problem}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
