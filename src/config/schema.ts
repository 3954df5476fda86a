// The JSON Schema of kansoku.yaml: the one description of its shape. The loader validates
// against it, and the same object is written to schema/kansoku.schema.json for editors
// (yaml-language-server, VS Code), so what an editor accepts is what `kansoku generate` accepts.
// Defaults shown to editors are the defaults the code applies.
import { DEFAULT_BUCKETS, GRPC_CODE_NAMES } from '@kansoku/instrumentation';
import { ALERT_GROUP_DEFAULTS } from './alert-groups.js';
import { DEFAULT_DASHBOARD_SETTINGS } from './dashboard-settings.js';
import { DEFAULT_MONITORING_CONFIG } from './monitoring-config.js';

export const SCHEMA_ID = 'https://kansoku.dev/schema/kansoku.schema.json';

type Schema = Record<string, unknown>;

const string = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const object = (properties: Record<string, Schema>, description: string, extra: Schema = {}): Schema => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties,
  ...extra,
});
const DURATION = '^([0-9]+(ms|s|m|h|d|w|y))+$';
const GRAFANA_DURATION = '^[0-9]+(s|m|h|d|w)$';
const NAME = '^[a-z0-9][a-z0-9._-]*$';
const METHOD = '^[A-Za-z_][A-Za-z0-9_]*$';
const UID_PREFIX = '^[a-z0-9][a-z0-9-]{0,18}$';
const RUNBOOK = '^https?://\\S*%s\\S*$';

/** What each pattern means, for messages: `"30 days" is not a duration like 5m, 1h or 30d`. */
export const PATTERN_MEANING: Record<string, string> = {
  [DURATION]: 'a duration like 5m, 1h or 30d',
  [GRAFANA_DURATION]: 'a duration like 30s, 5m, 1h or 7d',
  [NAME]: 'lower-case letters, digits, ".", "_" or "-"',
  [METHOD]: 'a gRPC method name like PlaceOrder',
  [UID_PREFIX]: '1-19 lower-case letters, digits or dashes',
  [RUNBOOK]: 'an http(s) URL containing %s (the alert name)',
};

const duration = (description: string, fallback?: string): Schema =>
  string(description, { pattern: DURATION, ...(fallback && { default: fallback }) });
const percent = (description: string): Schema => ({
  type: 'number',
  description,
  exclusiveMinimum: 0,
  exclusiveMaximum: 100,
});

const SELECTOR_HELP: Record<keyof typeof DEFAULT_MONITORING_CONFIG.selectors, string> = {
  kubeStateMetrics: 'kube-state-metrics',
  kubelet: "the kubelet's own /metrics endpoint",
  cadvisor: 'cAdvisor, served by the kubelet on /metrics/cadvisor',
  apiserver: 'the Kubernetes API server',
  grpcServices: 'the gRPC services (go-grpc-middleware metric names)',
  fluentd: "Fluentd's Prometheus plugin",
  elasticsearchExporter: 'elasticsearch_exporter',
  forwarder: "kansoku's error-alert forwarder",
};

function thresholdSchema(value: unknown): Schema {
  if (typeof value === 'number') return { type: 'number', default: value };
  if (typeof value === 'string') return { type: 'string', default: value };
  return { type: 'array', items: { type: 'string' }, default: value };
}

const defaults = DEFAULT_MONITORING_CONFIG;

export const KANSOKU_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: SCHEMA_ID,
  title: 'kansoku.yaml',
  description:
    'What `kansoku generate` builds dashboards, alerts and SLO rules from. Every field is optional; see docs/config.md.',
  ...object(
    {
      cluster: object(
        {
          label: string('The label that names the cluster on every series.', { default: 'cluster' }),
          enabled: {
            type: 'boolean',
            default: true,
            description:
              'Group and join by the cluster label, so that rules evaluated centrally (Thanos, Mimir) never mix clusters.',
          },
        },
        'The cluster label, as in kubernetes-mixin.',
      ),
      selectors: object(
        Object.fromEntries(
          Object.entries(SELECTOR_HELP).map(([name, what]) => [
            name,
            string(`Label matchers selecting ${what}.`, {
              default: defaults.selectors[name as keyof typeof SELECTOR_HELP],
            }),
          ]),
        ),
        'Label matchers (without braces) that find each exporter. Defaults: the kube-prometheus job layout.',
      ),
      namespaceSelector: string('Limits the namespaced Kubernetes alerts, e.g. namespace=~"prod-.*".', {
        default: '',
      }),
      targetLabels: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        default: defaults.targetLabels,
        description: 'Labels Prometheus and the ServiceMonitor relabelling add to every scraped series.',
      },
      scrapeInterval: duration('How often Prometheus scrapes the targets; no rate window may be shorter.', '30s'),
      thresholds: object(
        Object.fromEntries(Object.entries(defaults.thresholds).map(([k, v]) => [k, thresholdSchema(v)])),
        'Every threshold the alerts and dashboards use.',
      ),
      burnRates: {
        type: 'array',
        minItems: 1,
        description: 'The multi-window burn-rate policy of every SLO. Default: the SRE Workbook windows for 30 days.',
        items: object(
          {
            tier: { enum: ['page', 'ticket'] },
            severity: { enum: ['critical', 'warning'] },
            long: duration('The long window.'),
            short: duration('The short window.'),
            factor: { type: 'number', exclusiveMinimum: 0 },
            for: duration('How long both windows must burn before the alert fires.'),
          },
          'One window pair.',
          { required: ['tier', 'severity', 'long', 'short', 'factor', 'for'] },
        ),
      },
      services: object(
        {
          latencyBuckets: {
            type: 'array',
            items: { type: 'number', exclusiveMinimum: 0 },
            minItems: 1,
            default: DEFAULT_BUCKETS,
            description:
              "The bucket boundaries (seconds) of the services' grpc_server_handling_seconds histogram; latency SLO thresholds must be one of them.",
          },
        },
        'What the gRPC services export.',
      ),
      alerts: object(
        {
          groups: object(
            Object.fromEntries(
              Object.entries(ALERT_GROUP_DEFAULTS).map(([g, on]) => [g, { type: 'boolean', default: on }]),
            ),
            'Switch a whole alert group (and its recording rules) on or off. Optional components are off until switched on.',
          ),
          disabled: {
            type: 'array',
            items: { type: 'string' },
            description: 'Alert names left out, e.g. KubeCPUOvercommit.',
          },
          extraLabels: {
            type: 'object',
            additionalProperties: { type: 'string' },
            propertyNames: { pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' },
            description: 'Labels added to every alert, e.g. team: platform.',
          },
          runbookUrlPattern: string('runbook_url of every alert; %s is the lower-cased alert name.', {
            pattern: RUNBOOK,
          }),
        },
        'Which alerts are generated, and what they carry.',
      ),
      slos: {
        type: 'array',
        description: 'Service level objectives of gRPC services: each becomes recording rules and burn-rate alerts.',
        items: object(
          {
            service: string('The grpc_service label value (package.Service).', { minLength: 1 }),
            name: string('Prefix of the slo label. Default: the service name, lower-cased.', {
              pattern: NAME,
            }),
            methods: {
              type: 'array',
              items: { type: 'string', pattern: METHOD },
              minItems: 1,
              description: 'grpc_method values. Default: every method.',
            },
            selector: string('Extra label matchers, added to selectors.grpcServices.'),
            window: duration('The period the objectives hold over.', '30d'),
            availability: object(
              {
                objective: percent('Percent of calls that must succeed, e.g. 99.9.'),
                errorCodes: {
                  type: 'array',
                  minItems: 1,
                  items: { enum: GRPC_CODE_NAMES.filter((c) => c !== 'OK') },
                  description: 'The gRPC codes that count as failures. Default: the server-fault codes.',
                },
              },
              'Calls that fail with a server-fault code are bad.',
              { required: ['objective'] },
            ),
            latency: object(
              {
                objective: percent('Percent of calls that must finish within the threshold, e.g. 99.'),
                threshold: {
                  type: 'number',
                  exclusiveMinimum: 0,
                  description: "Seconds; must be a bucket of the services' histogram (services.latencyBuckets).",
                },
              },
              'Calls slower than the threshold are bad.',
              { required: ['objective', 'threshold'] },
            ),
          },
          'One service: an availability objective, a latency objective, or both.',
          { required: ['service'] },
        ),
      },
      dashboards: object(
        {
          folder: string('The Grafana folder (the sidecar folder annotation).', {
            default: DEFAULT_DASHBOARD_SETTINGS.folder,
          }),
          timezone: string('browser, utc, or an IANA time zone.', { default: DEFAULT_DASHBOARD_SETTINGS.timezone }),
          uidPrefix: string('Prepended to every dashboard uid.', {
            pattern: UID_PREFIX,
            default: DEFAULT_DASHBOARD_SETTINGS.uidPrefix,
          }),
          tags: { type: 'array', items: { type: 'string' }, default: DEFAULT_DASHBOARD_SETTINGS.tags },
          refresh: string('Auto-refresh interval.', {
            pattern: GRAFANA_DURATION,
            default: DEFAULT_DASHBOARD_SETTINGS.refresh,
          }),
          timeRange: string('Default time range, back from now.', {
            pattern: GRAFANA_DURATION,
            default: DEFAULT_DASHBOARD_SETTINGS.timeRange,
          }),
        },
        'How the dashboards are generated and where Grafana files them.',
      ),
    },
    'kansoku.yaml',
  ),
};
