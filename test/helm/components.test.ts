// What each component of the chart renders: the Fluentd DaemonSet, the forwarder, the
// Elasticsearch setup hook and the monitors, wired to one another and to the job labels
// the generated rules and dashboards select.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { createMonitoringConfig } from '../../src/config/monitoring-config.js';
import { checkFluentdConfig, formatProblem } from '../../src/fluentd/index.js';
import { ciValuesFiles, FORWARDER_ON, find, type K8sObject, one, podSpec, type Rendered, render } from './chart.js';

const root = join(import.meta.dirname, '../..');
const ciFile = (suffix: string) => ciValuesFiles().find((f) => f.endsWith(suffix)) as string;
const envOf = (workload: K8sObject) =>
  new Map<string, Rendered>(podSpec(workload).containers[0].env.map((e: Rendered) => [e.name, e]));

test('Fluentd: node-scoped metadata watch, control-plane tolerations, priority class, probes on monitor_agent', async () => {
  const objects = await render();
  const daemonSet = one(objects, 'DaemonSet');
  const pod = podSpec(daemonSet);
  const env = envOf(daemonSet);
  assert.deepEqual(env.get('K8S_NODE_NAME')?.valueFrom, { fieldRef: { fieldPath: 'spec.nodeName' } });
  assert.deepEqual(
    pod.tolerations.map((t: Rendered) => t.key),
    ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'],
  );
  assert.equal(
    podSpec(one(await render({ values: { fluentd: { tolerateControlPlane: false } } }), 'DaemonSet')).tolerations,
    undefined,
  );
  assert.equal(pod.priorityClassName, one(objects, 'PriorityClass').metadata.name);
  const container = pod.containers[0];
  for (const probe of [container.livenessProbe, container.readinessProbe]) {
    assert.equal(probe.httpGet.path, '/api/plugins.json');
    assert.equal(probe.httpGet.port, 'health');
  }
  const ports = new Map(container.ports.map((p: Rendered) => [p.name, p.containerPort]));
  assert.equal(ports.get('health'), 24220);
  assert.equal(ports.get('metrics'), 24231);
  assert.ok(container.resources.limits.memory && container.resources.requests.cpu);
  // The existing-class file uses a class of the cluster's and creates none.
  const existing = await render({ files: [ciFile('fluentd-existing-priorityclass-values.yaml')] });
  assert.deepEqual(find(existing, 'PriorityClass'), []);
  assert.equal(podSpec(one(existing, 'DaemonSet')).priorityClassName, 'system-node-critical');
});

test('Fluentd: Elasticsearch settings from values, credentials and the ingest token from Secrets', async () => {
  const plain = envOf(one(await render(), 'DaemonSet'));
  assert.equal(plain.get('FLUENT_ELASTICSEARCH_HOST')?.value, 'elasticsearch-master');
  assert.equal(plain.get('FLUENT_ELASTICSEARCH_PORT')?.value, '9200');
  assert.equal(plain.get('FLUENT_ELASTICSEARCH_USER'), undefined);
  const objects = await render({ files: [ciFile('elasticsearch-credentials-values.yaml')], values: FORWARDER_ON });
  const env = envOf(one(objects, 'DaemonSet'));
  assert.equal(env.get('FLUENT_ELASTICSEARCH_SCHEME')?.value, 'https');
  assert.deepEqual(env.get('FLUENT_ELASTICSEARCH_PASSWORD')?.valueFrom, {
    secretKeyRef: { name: 'elasticsearch-credentials', key: 'password' },
  });
  // Error records go to this release's forwarder Service, on its ingest port, with its token.
  const service = one(objects, 'Service', '-forwarder');
  const ingest = service.spec.ports.find((p: Rendered) => p.name === 'ingest');
  assert.equal(
    env.get('KANSOKU_FORWARDER_URL')?.value,
    `http://${service.metadata.name}.monitoring.svc:${ingest.port}/ingest`,
  );
  const tokenRef = env.get('KANSOKU_FORWARDER_TOKEN')?.valueFrom.secretKeyRef;
  assert.equal(tokenRef.name, one(objects, 'Secret', '-ingest-token').metadata.name);
  assert.deepEqual(envOf(one(objects, 'Deployment')).get('INGEST_TOKEN')?.valueFrom.secretKeyRef, tokenRef);
  // Without the forwarder (the default), Fluentd is told of no forwarder.
  assert.equal(plain.get('KANSOKU_FORWARDER_URL'), undefined);
  assert.equal(plain.get('KANSOKU_FORWARDER_TOKEN'), undefined);
});

const FORWARDER_STAGE = ['forwarder.conf', 'output-forwarder.conf'];

for (const withForwarder of [true, false]) {
  test(`Fluentd: the ConfigMap holds fluentd/’s configuration ${withForwarder ? 'with' : 'without'} the forwarder stage, valid, reading every variable the chart sets`, async () => {
    const objects = await render({ values: withForwarder ? FORWARDER_ON : {} });
    const data = one(objects, 'ConfigMap', '-fluentd').data as Record<string, string>;
    const sources = readdirSync(join(root, 'fluentd')).filter((n) => n.endsWith('.conf'));
    const expected = withForwarder ? sources : sources.filter((n) => !FORWARDER_STAGE.includes(n));
    assert.deepEqual(Object.keys(data).sort(), expected.sort());
    // The configuration as the pod reads it, with the environment the chart gives it.
    const env = Object.fromEntries(
      [...envOf(one(objects, 'DaemonSet')).entries()].map(([name, e]) => [name, e.value ?? `from-${name}`]),
    );
    const dir = await mkdtemp(join(tmpdir(), 'kansoku-chart-fluentd-'));
    try {
      for (const [name, text] of Object.entries(data)) await writeFile(join(dir, name), `${text}\n`);
      const check = checkFluentdConfig(join(dir, 'fluent.conf'), { env });
      assert.deepEqual(check.problems.map(formatProblem), []);
      // Records reach the forwarder only when it is there; Elasticsearch always.
      assert.deepEqual(
        check.traces.map((t) => t.ends),
        [withForwarder ? ['out_http_forwarder', 'out_elasticsearch'] : ['out_elasticsearch']],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // A variable the configuration never reads would be a setting silently ignored.
    const text = Object.values(data).join('\n');
    for (const name of Object.keys(env)) {
      if (name === 'K8S_NODE_NAME') continue; // read by the metadata filter itself
      assert.match(text, new RegExp(`ENV\\['${name}'\\]`), `${name} is set but fluentd/ never reads it`);
    }
  });
}

test('Fluentd: the configuration ConfigMap is mounted where Fluentd reads it, and a change rolls the pods', async () => {
  const objects = await render();
  const daemonSet = one(objects, 'DaemonSet');
  const configMap = one(objects, 'ConfigMap', '-fluentd');
  const volume = podSpec(daemonSet).volumes.find((v: Rendered) => v.name === 'config');
  assert.equal(volume.configMap.name, configMap.metadata.name);
  const checksum = daemonSet.spec.template.metadata.annotations['checksum/config'];
  assert.match(checksum, /^[0-9a-f]{64}$/);
});

test('the monitors give Fluentd and the forwarder the job labels the generated rules select them by', async () => {
  const selectors = createMonitoringConfig().selectors;
  const jobOf = (monitor: K8sObject) => {
    const endpoint = (monitor.spec.podMetricsEndpoints ?? monitor.spec.endpoints)[0];
    return endpoint.relabelings.find((r: Rendered) => r.targetLabel === 'job').replacement;
  };
  for (const file of [undefined, ciFile('fluentd-servicemonitor-values.yaml')]) {
    const objects = await render({ files: file ? [file] : [], values: FORWARDER_ON });
    const fluentd = [...find(objects, 'PodMonitor'), ...find(objects, 'ServiceMonitor')].find((m) =>
      m.metadata.name.endsWith('-fluentd'),
    ) as K8sObject;
    assert.equal(selectors.fluentd, `job="${jobOf(fluentd)}"`);
    const forwarder = one(objects, 'ServiceMonitor', '-forwarder');
    assert.equal(selectors.forwarder, `job="${jobOf(forwarder)}"`);
    // Each monitor selects the objects that carry the metrics port.
    const target =
      fluentd.kind === 'PodMonitor'
        ? one(objects, 'DaemonSet').spec.template.metadata
        : one(objects, 'Service', '-fluentd-metrics').metadata;
    for (const [k, v] of Object.entries(fluentd.spec.selector.matchLabels)) assert.equal(target.labels[k], v, k);
  }
});

test('the forwarder: config Secret with the pod’s addresses, Service, PDB and single-writer SQLite', async () => {
  const objects = await render({ files: [ciFile('forwarder-sinks-values.yaml')] });
  const deployment = one(objects, 'Deployment');
  const config = parse(one(objects, 'Secret', '-forwarder').stringData['forwarder.yaml']);
  // The forwarder expands the token from its environment (INGEST_TOKEN, from the Secret).
  assert.deepEqual(config.inputs.http, { listen: '0.0.0.0:8080', token: '$' + '{INGEST_TOKEN}' });
  assert.equal(config.inputs.elasticsearch.pollInterval, '1s');
  assert.deepEqual(config.metrics, { listen: '0.0.0.0:9465' });
  assert.deepEqual(config.state, { sqlite: { path: '/var/lib/kansoku/forwarder.db' } });
  assert.equal(config.sinks.slack.webhookUrl, 'https://hooks.slack.com/services/T000/B000/XXXX');
  const pod = podSpec(deployment);
  const stateMount = pod.containers[0].volumeMounts.find((m: Rendered) => m.name === 'state');
  assert.equal(stateMount.mountPath, '/var/lib/kansoku');
  assert.deepEqual(pod.containers[0].args, ['forwarder', '--config', '/etc/kansoku/forwarder.yaml']);
  assert.deepEqual(deployment.spec.strategy, { type: 'Recreate' });
  const pdb = one(objects, 'PodDisruptionBudget');
  assert.deepEqual(pdb.spec.selector.matchLabels, deployment.spec.selector.matchLabels);
  const service = one(objects, 'Service', '-forwarder');
  assert.deepEqual(service.spec.selector, deployment.spec.selector.matchLabels);
  // A changed configuration rolls the pod.
  const before = deployment.spec.template.metadata.annotations['checksum/config'];
  const after = one(await render({ values: FORWARDER_ON }), 'Deployment').spec.template.metadata.annotations[
    'checksum/config'
  ];
  assert.notEqual(before, after);
});

test('the forwarder keeps SQLite state on a claim when asked, kept on uninstall', async () => {
  const objects = await render({ files: [ciFile('forwarder-persistence-values.yaml')] });
  const claim = one(objects, 'PersistentVolumeClaim');
  assert.equal(claim.spec.resources.requests.storage, '2Gi');
  assert.equal(claim.metadata.annotations?.['helm.sh/resource-policy'], 'keep');
  const state = podSpec(one(objects, 'Deployment')).volumes.find((v: Rendered) => v.name === 'state');
  assert.equal(state.persistentVolumeClaim.claimName, claim.metadata.name);
  assert.deepEqual(find(await render(), 'PersistentVolumeClaim'), []);
});

test('the setup Job is a post-install and post-upgrade hook running `kansoku es setup` against the values’ cluster', async () => {
  const objects = await render({ files: [ciFile('elasticsearch-credentials-values.yaml')] });
  const job = one(objects, 'Job');
  assert.equal(job.metadata.annotations?.['helm.sh/hook'], 'post-install,post-upgrade');
  assert.match(job.metadata.annotations?.['helm.sh/hook-delete-policy'] ?? '', /before-hook-creation/);
  const container = podSpec(job).containers[0];
  assert.deepEqual(container.args, [
    'es',
    'setup',
    '--node',
    'https://logs.example.internal:9200',
    '--index-pattern',
    'kansoku-logs-*',
    '--index-pattern',
    'logs-kansoku-*',
    '--retention',
    '30d',
  ]);
  // kansoku es setup reads credentials from the environment only.
  const env = new Map<string, Rendered>(container.env.map((e: Rendered) => [e.name, e.valueFrom?.secretKeyRef]));
  assert.deepEqual(env.get('KANSOKU_ES_USERNAME'), { name: 'elasticsearch-credentials', key: 'username' });
  assert.deepEqual(env.get('KANSOKU_ES_PASSWORD'), { name: 'elasticsearch-credentials', key: 'password' });
  assert.equal(podSpec(job).restartPolicy, 'Never');
  assert.deepEqual(find(await render({ noHooks: true }), 'Job'), []);
  assert.deepEqual(find(await render({ values: { esSetup: { enabled: false } } }), 'Job'), []);
});

test('the service teams’ monitor: off by default, a ServiceMonitor or PodMonitor when switched on', async () => {
  assert.ok(find(await render(), 'ServiceMonitor').every((m) => !m.metadata.name.endsWith('-grpc-services')));
  const services = one(
    await render({ files: [ciFile('grpc-services-servicemonitor-values.yaml')] }),
    'ServiceMonitor',
    '-grpc-services',
  );
  assert.deepEqual(services.spec.namespaceSelector, { matchNames: ['shop', 'payments'] });
  assert.deepEqual(services.spec.selector, { matchLabels: { 'kansoku.dev/instrumented': 'true' } });
  assert.deepEqual(services.spec.endpoints, [{ port: 'metrics', path: '/metrics', interval: '30s' }]);
  const pods = one(
    await render({ files: [ciFile('grpc-services-podmonitor-values.yaml')] }),
    'PodMonitor',
    '-grpc-services',
  );
  assert.deepEqual(pods.spec.namespaceSelector, { any: true });
  assert.equal(pods.spec.jobLabel, 'app.kubernetes.io/name');
  assert.equal(pods.spec.podMetricsEndpoints[0].port, 'metrics');
});

test('every component can be switched off on its own', async () => {
  const off = await render({ files: [ciFile('dashboards-and-rules-only-values.yaml')] });
  const kinds = new Set(off.map((o) => o.kind));
  assert.deepEqual([...kinds].sort(), ['ConfigMap', 'PrometheusRule']);
});
