// kansoku.yaml resolved: defaults, the file's names mapped onto the configuration, SLO
// entries expanded, and every problem listed once with its path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config/resolve.js';

test('an empty file is the defaults: cluster label on, optional component groups off, no SLOs', () => {
  const { config, problems } = resolveConfig({});
  assert.deepEqual(problems, []);
  assert.ok(config);
  assert.deepEqual(config.monitoring.clusterLabel, { name: 'cluster', enabled: true });
  assert.equal(config.alerts.groups['kubernetes-apps'], true);
  assert.equal(config.alerts.groups['kansoku-forwarder'], false);
  assert.equal(config.alerts.groups['kansoku-fluentd'], false);
  assert.deepEqual(config.slos, []);
  assert.equal(config.dashboards.folder, 'kansoku');
});

test('an SLO entry becomes one definition per objective, percentages as ratios', () => {
  const { config, problems } = resolveConfig({
    slos: [
      {
        service: 'checkout.v1.Checkout',
        methods: ['PlaceOrder'],
        selector: 'namespace="shop"',
        availability: { objective: 99.9, errorCodes: ['Unavailable'] },
        latency: { objective: 99, threshold: 0.25 },
      },
    ],
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(config?.slos, [
    {
      name: 'checkout.v1.checkout-availability',
      service: 'checkout.v1.Checkout',
      objective: 0.999,
      window: '30d',
      selector: 'namespace="shop"',
      methods: ['PlaceOrder'],
      indicator: { kind: 'availability', errorCodes: ['Unavailable'] },
    },
    {
      name: 'checkout.v1.checkout-latency',
      service: 'checkout.v1.Checkout',
      objective: 0.99,
      window: '30d',
      selector: 'namespace="shop"',
      methods: ['PlaceOrder'],
      indicator: { kind: 'latency', thresholdSeconds: 0.25 },
    },
  ]);
});

test('the file’s names are used in problems: cluster.label, alerts.runbookUrlPattern', () => {
  const { problems } = resolveConfig({
    cluster: { label: '__cluster' },
    alerts: { runbookUrlPattern: 'https://runbooks.example/%s/%s' },
    thresholds: { cpuThrottlingPercent: 250 },
  });
  assert.deepEqual(problems, [
    'cluster.label: "__cluster" is not a label name',
    'thresholds.cpuThrottlingPercent: must be a percentage between 0 and 100, got 250',
  ]);
});

test('every problem once, with its path; a value the schema refused is not checked again', () => {
  const { config, problems } = resolveConfig({
    selectors: { kubelet: 'job=kubelet', apiserver: 42 },
    scrapeInterval: '30 seconds',
    alerts: { groups: { 'kansoku-forwarder': 'yes', 'no-such-group': true }, extraLabels: { 'bad-label': 'x' } },
    slos: [
      { service: 'a.A', window: '1h', availability: { objective: 100 } },
      { service: 'b.B', latency: { objective: 99, threshold: 0.3 }, selector: 'ns=' },
      { service: 'c.C' },
      { service: 'a.A', availability: { objective: 10 } },
    ],
    colour: 'blue',
  });
  assert.equal(config, undefined);
  assert.deepEqual(problems.sort(), [
    'alerts.extraLabels: "bad-label" is not a label name',
    'alerts.groups.kansoku-forwarder: must be a boolean, got "yes"',
    'alerts.groups.no-such-group: unknown setting (known: kubernetes-apps, kubernetes-resources, kubernetes-storage, kubernetes-system, kubernetes-system-apiserver, kubernetes-system-kubelet, kansoku-slo, kansoku-fluentd, kansoku-elasticsearch, kansoku-forwarder)',
    'colour: unknown setting (known: cluster, selectors, namespaceSelector, targetLabels, scrapeInterval, thresholds, burnRates, services, alerts, slos, dashboards)',
    'scrapeInterval: "30 seconds" is not a duration like 5m, 1h or 30d',
    'selectors.apiserver: must be a string, got 42',
    'selectors.kubelet: "job=kubelet" is not a list of label matchers like job="x", metrics_path=~"/m.*"',
    'slos[0].availability.objective: 100 must be < 100',
    'slos[0].window: 1h is shorter than the longest burn-rate window; the budget cannot be read',
    "slos[1].latency.threshold: 0.3 is not a bucket of the services' histogram; buckets are 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 (services.latencyBuckets)",
    'slos[1].selector: "ns=" is not a list of label matchers like job="x", metrics_path=~"/m.*"',
    'slos[2]: needs an availability or a latency objective (or both)',
    'slos[3].availability.objective: 10 leaves a budget so large that the 1h/5m alert (factor 14.4) can never fire',
    'slos[3]: its availability SLO is named a.a-availability, like that of slos[0]; set name',
  ]);
});

test('a document that is not a mapping is one problem', () => {
  assert.deepEqual(resolveConfig(['a']).problems, ['(top level): must be a mapping, got ["a"]']);
});
