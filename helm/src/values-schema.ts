// The JSON Schema of helm/kansoku's values (values.schema.json), which helm checks on
// install, upgrade, lint and template. Every property has a description and every object
// of the chart's own is closed, so a misspelt key fails instead of being ignored.
import { forwarderConfigRequired, forwarderConfigSchema } from './forwarder-config-schema.js';
import {
  bool,
  duration,
  envList,
  image,
  int,
  kubernetesList,
  kubernetesObject,
  labels,
  map,
  obj,
  port,
  resources,
  type Schema,
  str,
} from './schema-builders.js';

const COMPONENTS = ['fluentd', 'forwarder'];

const probe = (what: string, withFailureThreshold: boolean): Schema =>
  obj(`Fluentd's ${what} probe (on the monitor_agent health endpoint).`, {
    initialDelaySeconds: int('Seconds before the first probe.', { minimum: 0 }),
    periodSeconds: int('Seconds between probes.', { minimum: 1 }),
    ...(withFailureThreshold ? { failureThreshold: int('Failed probes before a restart.', { minimum: 1 }) } : {}),
  });

const elasticsearch = obj('The Elasticsearch cluster logs are shipped to.', {
  host: str('Host name of Elasticsearch (a Service name, or an external host).', { minLength: 1 }),
  port: port("Port of Elasticsearch's HTTP API."),
  scheme: str('http or https.', { enum: ['http', 'https'] }),
  sslVerify: bool("Verify the server's TLS certificate (https only)."),
  majorVersion: int('Major version of Elasticsearch; Fluentd does not detect it.', { enum: [8, 9] }),
  indexPrefix: str('Prefix of the daily log indices Fluentd writes.', {
    pattern: '^[a-z0-9][a-z0-9._-]*$',
  }),
  credentials: obj('Elasticsearch credentials, from an existing Secret.', {
    existingSecret: str('Name of the Secret; empty means no authentication.'),
    usernameKey: str('Key of the user name in the Secret.', { minLength: 1 }),
    passwordKey: str('Key of the password in the Secret.', { minLength: 1 }),
  }),
});

const fluentd = obj('Fluentd as a DaemonSet, shipping every container log to Elasticsearch.', {
  enabled: bool('Deploy the Fluentd DaemonSet (and its RBAC, configuration and monitoring).'),
  image: image('Fluentd (with kansoku’s pinned plugins)'),
  containerRuntime: str('Container runtime of the nodes; docker also mounts /var/lib/docker/containers.', {
    enum: ['containerd', 'cri-o', 'docker'],
  }),
  tolerateControlPlane: bool('Also run on control-plane nodes.'),
  tolerations: kubernetesList('More tolerations for the DaemonSet’s pods.'),
  nodeSelector: labels('Node selector for the DaemonSet’s pods.'),
  affinity: kubernetesObject('Affinity for the DaemonSet’s pods.'),
  stateHostPath: str('Host folder for tail positions and file buffers.', { pattern: '^/.+' }),
  bufferTotalLimit: str('Largest size of the Elasticsearch file buffer on each node.', {
    pattern: '^[0-9]+(k|K|m|M|g|G|t|T)?(B|b)?$',
  }),
  logLevel: str("Fluentd's own log level.", { enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] }),
  resources: resources('Resources of the Fluentd container.'),
  env: envList('Extra environment variables for the Fluentd container.'),
  healthPort: port("Port of Fluentd's monitor_agent, which the probes read."),
  livenessProbe: probe('liveness', true),
  readinessProbe: probe('readiness', false),
  metrics: obj("Fluentd's Prometheus metrics.", {
    port: port('Port of the metrics endpoint.'),
    monitor: str('How Prometheus finds the metrics.', { enum: ['PodMonitor', 'ServiceMonitor', 'none'] }),
    jobName: str('Job label of the scraped series; the generated rules select Fluentd by it.', { minLength: 1 }),
    interval: duration('Scrape interval.'),
  }),
  priorityClass: obj("Fluentd's priority class.", {
    create: bool('Create a PriorityClass for Fluentd.'),
    value: int('Its value.', { minimum: 0, maximum: 1000000000 }),
    name: str('An existing PriorityClass to use when create is false; empty for none.'),
  }),
  serviceAccount: obj("Fluentd's ServiceAccount.", { annotations: labels('Its annotations.') }),
  podLabels: labels('Extra labels for the pods.'),
  podAnnotations: labels('Extra annotations for the pods.'),
  maxUnavailable: int('Pods replaced at once during an upgrade.', { minimum: 1 }),
});

// SQLite state (the default when config.state names no store) belongs to one pod: two
// replicas would each alert on their own. The error names forwarder/replicas.
const oneReplicaWithSqlite: Schema = {
  if: {
    not: {
      required: ['config'],
      properties: { config: { required: ['state'], properties: { state: { required: ['elasticsearch'] } } } },
    },
  },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
  then: { properties: { replicas: { maximum: 1 } } },
};

// An enabled forwarder with nowhere to send alerts would not start: the error names
// forwarder/config and its missing sinks.
const sinksWhenEnabled: Schema = {
  if: { required: ['enabled'], properties: { enabled: { const: true } } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
  then: { required: ['config'], properties: { config: { required: forwarderConfigRequired() } } },
};

const forwarder = obj(
  'The error-alert forwarder.',
  {
    enabled: bool('Deploy the forwarder; it needs at least one sink in config.sinks.'),
    image: image('kansoku (forwarder and CLI)'),
    replicas: int('Replicas; more than one needs config.state.elasticsearch.', { minimum: 1 }),
    config: forwarderConfigSchema(),
    elasticsearchCredentials: obj(
      'Credentials of the forwarder for Elasticsearch (its poller and its state), from a Secret: existingSecret, else username and password kept in a Secret the chart creates, else elasticsearch.credentials.',
      {
        existingSecret: str('An existing Secret holding the user name and password.'),
        usernameKey: str('Key of the user name in that Secret.', { minLength: 1 }),
        passwordKey: str('Key of the password in that Secret.', { minLength: 1 }),
        username: str('User name, when no existingSecret is given (stored in a Secret).'),
        password: str('Password, when no existingSecret is given (stored in a Secret).'),
      },
      {
        // Both or neither (values.yaml gives both as ""): the error names the empty one.
        allOf: ['username', 'password'].map((given) => ({
          if: { required: [given], properties: { [given]: { minLength: 1 } } },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
          then: {
            required: given === 'username' ? ['password'] : ['username'],
            properties: { [given === 'username' ? 'password' : 'username']: { minLength: 1 } },
          },
        })),
      },
    ),
    ingestToken: obj('The bearer token Fluentd sends to the forwarder.', {
      existingSecret: str('An existing Secret holding it; empty: the chart creates one.'),
      key: str('Key of the token in the Secret.', { minLength: 1 }),
    }),
    ingestPort: port('Port of the HTTP ingest.'),
    metricsPort: port('Port of /metrics, /healthz and /readyz.'),
    resources: resources('Resources of the forwarder container.'),
    env: envList('Extra environment variables.'),
    persistence: obj('A PersistentVolumeClaim for SQLite state.', {
      enabled: bool('Keep SQLite state on a claim instead of an emptyDir.'),
      size: str('Size of the claim.', { pattern: '^[0-9]+(Ki|Mi|Gi|Ti)$' }),
      storageClassName: str("Storage class; empty means the cluster's default."),
    }),
    metrics: obj("The forwarder's metrics.", {
      serviceMonitor: bool('Create a ServiceMonitor.'),
      jobName: str('Job label of the scraped series; the generated rules select the forwarder by it.', {
        minLength: 1,
      }),
      interval: duration('Scrape interval.'),
    }),
    podDisruptionBudget: obj('The PodDisruptionBudget.', {
      enabled: bool('Create it.'),
      maxUnavailable: int('Pods that may be evicted at once.', { minimum: 1 }),
    }),
    networkPolicy: obj("The forwarder's NetworkPolicy (ingress only).", {
      enabled: bool('Create it.'),
      metricsFrom: kubernetesList('NetworkPolicyPeers that may read /metrics; empty: any.'),
      ingestFrom: kubernetesList("NetworkPolicyPeers that may post to the ingest besides this release's Fluentd."),
    }),
    nodeSelector: labels('Node selector.'),
    tolerations: kubernetesList('Tolerations.'),
    affinity: kubernetesObject('Affinity.'),
    podLabels: labels('Extra labels for the pods.'),
    podAnnotations: labels('Extra annotations for the pods.'),
  },
  { allOf: [oneReplicaWithSqlite, sinksWhenEnabled] },
);

const esSetup = obj('The Job that runs `kansoku es setup` after install and upgrade.', {
  enabled: bool('Run it.'),
  backoffLimit: int('Retries before the Job fails.', { minimum: 0 }),
  ttlSecondsAfterFinished: int('Seconds a finished Job is kept.', { minimum: 0 }),
  retention: str('Age after which a log index is deleted (30d, 12h).', { pattern: '^[0-9]+(d|h|m|s)$' }),
  resources: resources('Resources of the setup container.'),
});

const dashboards = obj("Grafana dashboards as ConfigMaps for Grafana's sidecar.", {
  enabled: bool('Create the dashboard ConfigMaps.'),
  namespace: str("Namespace of the ConfigMaps; empty means the release's."),
  label: str('Label the sidecar selects ConfigMaps by.', { minLength: 1 }),
  labelValue: str('Value of that label.'),
  folder: str('Grafana folder of the dashboards.'),
  folderAnnotation: str('Annotation the sidecar reads the folder from.', { minLength: 1 }),
  exclude: {
    type: 'array',
    description: 'Dashboards (file names without .json) not to create.',
    items: { type: 'string' },
  },
});

const prometheusRules = obj('PrometheusRule objects, one per generated rule file.', {
  enabled: bool('Create them.'),
  groups: map('Rule groups switched on (true) or off (false) by name.', { type: 'boolean' }),
  componentGroups: map(
    'Rule groups that watch a component of this chart: on only when every listed component is enabled.',
    { type: 'array', items: { type: 'string', enum: COMPONENTS }, uniqueItems: true },
  ),
  disabled: { type: 'array', description: 'Alerts (by name) to leave out.', items: { type: 'string' } },
  extraLabels: labels('Labels added to every alert.'),
});

const grpcServices = obj("A ServiceMonitor or PodMonitor for the service teams' instrumented gRPC services.", {
  enabled: bool('Create it.'),
  kind: str('What it selects: Services or pods.', { enum: ['ServiceMonitor', 'PodMonitor'] }),
  selector: kubernetesObject('Label selector of the Services or pods.'),
  namespaces: { type: 'array', description: 'Namespaces to look in; empty: all.', items: { type: 'string' } },
  port: str('Name of the port serving metrics.', { minLength: 1 }),
  path: str('Path of the metrics endpoint.', { pattern: '^/' }),
  interval: duration('Scrape interval.'),
  jobLabel: str('Label whose value becomes the job label; empty: the default.'),
});

const ruleGroup = {
  type: 'object',
  required: ['name', 'rules'],
  properties: { name: { type: 'string', minLength: 1 }, rules: { type: 'array', items: { type: 'object' } } },
};

const generated = obj('Rules and dashboards from `kansoku generate --format helm-values`; empty: the defaults.', {
  rules: map('Rule files by name, each { groups: [...] }.', {
    type: 'object',
    required: ['groups'],
    properties: { groups: { type: 'array', items: ruleGroup } },
  }),
  dashboards: map('Dashboards by name, each its JSON as a string.', { type: 'string', minLength: 2 }),
});

export function valuesSchema(header: string): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: header,
    title: 'Values of the kansoku chart',
    type: 'object',
    additionalProperties: false,
    properties: {
      nameOverride: str('Overrides the chart name in object names.'),
      fullnameOverride: str('Overrides the full name object names start with.'),
      commonLabels: labels('Labels added to every object.'),
      imagePullSecrets: kubernetesList('Image pull secrets for every pod.'),
      elasticsearch,
      fluentd,
      forwarder,
      esSetup,
      dashboards,
      prometheusRules,
      grpcServices,
      monitoringLabels: labels('Labels added to every PrometheusRule, ServiceMonitor and PodMonitor.'),
      generated,
    },
  };
}
