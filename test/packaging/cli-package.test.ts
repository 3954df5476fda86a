// The kansoku command as a user installs it: `npm pack` of the repository, the tarball
// installed into an empty folder with no registry (the bundle has no dependencies), and
// `npx kansoku` run under plain Node.js. What it writes is held to the real tools: promtool
// checks and unit-tests the rules, a real Prometheus parses every dashboard query and is
// asked by `kansoku check`, kubeconform validates the Kubernetes objects, and Grafana's
// schemas the dashboards.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { parse, stringify } from 'yaml';
import { expandVariables, panelQueries, variableQueries } from '../../dashboards/src/queries-of.js';
import { allPanels } from '../../dashboards/src/render.js';
import { errorsOf, grafanaSchemasPresent, loadValidators, NO_SCHEMAS } from '../../dashboards/test/helpers.js';
import { type Demo, startDemo } from '../../src/demo/demo.js';
import { crdSchemasAvailable, kubeconform } from '../services/kubernetes.js';
import { closedPort, freePort } from '../services/ports.js';
import { type PrometheusService, startPrometheus } from '../services/prometheus.js';
import { promtool } from '../services/promtool.js';

const root = join(import.meta.dirname, '../..');
const NO_CRDS =
  '../shared/schemas/kubeconform (the prometheus-operator CRD schemas) is not present beside the repository';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    // A clean environment: no tsx loader, no source condition leaks in from the test runner.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      npm_config_update_notifier: 'false',
    };
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let work: string;
let packDir: string;

/** `npx kansoku …` in the folder the tarball was installed into. */
function kansoku(...args: string[]): Promise<Run> {
  return run('npx', ['--no-install', 'kansoku', ...args], work);
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'kansoku-cli-package-'));
  packDir = join(work, 'pack');
  await mkdir(packDir);
  const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir], root);
  assert.equal(packed.code, 0, packed.stderr);
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string }];
  await writeFile(join(work, 'package.json'), '{ "private": true }\n');
  const installed = await run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', join(packDir, filename)],
    work,
  );
  assert.equal(installed.code, 0, installed.stderr);
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

test('the tarball carries the bundle and the schema, and no dependency to install', () => {
  const manifest = JSON.parse(readFileSync(join(work, 'node_modules/kansoku/package.json'), 'utf8')) as {
    dependencies?: object;
  };
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}), []);
  const files = readdirSync(join(work, 'node_modules/kansoku'), { recursive: true, encoding: 'utf8' });
  for (const f of ['dist/kansoku.mjs', 'schema/kansoku.schema.json', 'examples/demo/kansoku.yaml'])
    assert.ok(files.includes(f), f);
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/')), 'no sources or tests in the package');
});

test('--help on the command and every subcommand; a bad flag is one line and exit code 2', async () => {
  const top = await kansoku('--help');
  assert.equal(top.code, 0, top.stderr);
  for (const name of ['generate', 'check', 'demo', 'forwarder']) {
    assert.match(top.stderr, new RegExp(`\\n  ${name} `));
    const help = await kansoku(name, '--help');
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stderr, new RegExp(`^usage: kansoku ${name}`));
  }
  const bad = await kansoku('generate', '--format', 'pdf');
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /--format "pdf" is not one of files, prometheusrule, configmap, helm-values/);
  const unknown = await kansoku('nonsense');
  assert.equal(unknown.code, 2);
});

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));

test('generate with the defaults: promtool, kubeconform and Grafana’s schemas accept every file', async () => {
  const out = join(work, 'defaults');
  const r = await kansoku(
    'generate',
    '--out',
    out,
    '--format',
    'files,prometheusrule',
    '--format',
    'configmap,helm-values',
  );
  assert.equal(r.code, 0, r.stderr);
  const rules = yamlFiles(join(out, 'rules'));
  assert.deepEqual(
    rules.map((f) => f.slice(out.length + 7)),
    [
      'kubernetes-apps.yaml',
      'kubernetes-resources.yaml',
      'kubernetes-storage.yaml',
      'kubernetes-system-kubelet.yaml',
      'kubernetes-system.yaml',
    ],
    'the optional components and SLOs are off by default',
  );
  const check = await promtool(['check', 'rules', ...rules]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  for (const f of [...rules, join(out, 'helm-values.yaml'), ...yamlFiles(join(out, 'configmaps'))])
    assert.match(readFileSync(f, 'utf8'), /^# generated by kansoku generate \(defaults\): do not edit\n/, f);
  // The cluster label is on by default, as in kubernetes-mixin.
  assert.match(readFileSync(join(out, 'rules/kubernetes-resources.yaml'), 'utf8'), /sum by \(cluster, namespace\)/);
  const values = parse(readFileSync(join(out, 'helm-values.yaml'), 'utf8')) as {
    generated: { rules: Record<string, { groups: unknown[] }>; dashboards: Record<string, string> };
  };
  assert.deepEqual(Object.keys(values.generated.rules).sort(), rules.map((f) => f.slice(out.length + 7, -5)).sort());
  assert.equal(Object.keys(values.generated.dashboards).length, 8);
});

test('the PrometheusRule and ConfigMap objects validate with kubeconform', {
  skip: !crdSchemasAvailable() && NO_CRDS,
}, async () => {
  const out = join(work, 'objects');
  const r = await kansoku(
    'generate',
    '--config',
    join(work, 'node_modules/kansoku/examples/demo/kansoku.yaml'),
    '--out',
    out,
    '--format',
    'prometheusrule,configmap',
  );
  assert.equal(r.code, 0, r.stderr);
  const objects = [...yamlFiles(join(out, 'prometheusrules')), ...yamlFiles(join(out, 'configmaps'))];
  assert.equal(objects.length, 7 + 8);
  const k = await kubeconform(objects, { withCrdSchemas: true });
  assert.equal(k.code, 0, k.stdout + k.stderr);
  assert.equal((JSON.parse(k.stdout) as { summary: { valid: number } }).summary.valid, objects.length);
  const map = parse(readFileSync(join(out, 'configmaps/kansoku-slo.yaml'), 'utf8')) as {
    metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  };
  assert.equal(map.metadata.labels.grafana_dashboard, '1');
  assert.equal(map.metadata.annotations.grafana_folder, 'kansoku');
});

test('the packaged dashboards validate against Grafana’s schemas', {
  skip: !grafanaSchemasPresent && NO_SCHEMAS,
}, async () => {
  const out = join(work, 'schemas');
  const r = await kansoku('generate', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  const { ajv, get } = loadValidators();
  const validate = get('dashboard');
  assert.ok(validate);
  const dir = join(out, 'dashboards');
  for (const f of readdirSync(dir)) {
    const model = JSON.parse(readFileSync(join(dir, f), 'utf8')) as dashboard.Dashboard;
    assert.equal(errorsOf(validate, model, ajv), undefined, f);
    assert.ok(allPanels(model).length > 0, f);
  }
});

const TWO_SLOS = `
cluster: { label: cluster, enabled: true }
alerts:
  groups: { kubernetes-storage: false }
  disabled: [KubeCPUOvercommit]
  extraLabels: { team: payments }
  runbookUrlPattern: https://runbooks.example/%s
slos:
  - service: checkout.v1.Checkout
    methods: [PlaceOrder]
    availability: { objective: 99.9 }
    window: 30d
  - service: cart.v1.Cart
    name: cart
    latency: { objective: 99, threshold: 0.25 }
`;

function handled(method: string, code: string, perMinute: number) {
  return {
    series: `grpc_server_handled_total{cluster="eu1", job="checkout", grpc_type="unary", grpc_service="checkout.v1.Checkout", grpc_method="${method}", grpc_code="${code}"}`,
    values: `0+${perMinute}x300`,
  };
}

function latency(le: string, perMinute: number) {
  const name = le === 'count' ? 'grpc_server_handling_seconds_count' : 'grpc_server_handling_seconds_bucket';
  const bucket = le === 'count' ? '' : `, le="${le}"`;
  return {
    series: `${name}{cluster="eu1", job="cart", grpc_type="unary", grpc_service="cart.v1.Cart", grpc_method="GetCart"${bucket}}`,
    values: `0+${perMinute}x300`,
  };
}

const page = (slo: string, sli: string, service: string) => ({
  severity: 'critical',
  tier: 'page',
  long: '1h',
  short: '5m',
  slo,
  sli,
  grpc_service: service,
  cluster: 'eu1',
  team: 'payments',
});

test('a config of its own: two SLOs whose burn-rate alerts fire over budget and stay quiet under it, a group off, an alert disabled', async () => {
  const dir = join(work, 'own');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'kansoku.yaml'), TWO_SLOS);
  const out = join(dir, 'out');
  const r = await kansoku(
    'generate',
    '--config',
    join(dir, 'kansoku.yaml'),
    '--out',
    out,
    '--format',
    'files,prometheusrule',
  );
  assert.equal(r.code, 0, r.stderr);
  const rules = yamlFiles(join(out, 'rules'));
  assert.ok(!rules.some((f) => f.endsWith('kubernetes-storage.yaml')), 'kubernetes-storage is switched off');
  assert.doesNotMatch(readFileSync(join(out, 'rules/kubernetes-resources.yaml'), 'utf8'), /KubeCPUOvercommit/);
  assert.match(readFileSync(join(out, 'rules/kubernetes-resources.yaml'), 'utf8'), /KubeMemoryOvercommit/);
  const check = await promtool(['check', 'rules', ...rules]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  const availability = {
    summary: 'A gRPC service is spending its availability error budget too fast.',
    description:
      'checkout.v1.Checkout on cluster eu1 failed 5% of its calls over the last 1h and the last 5m; SLO checkout.v1.checkout-availability (99.9% over 30d) allows 0.1%. At 14.4 times the sustainable rate, 2% of the 30d error budget goes every 1h.',
    runbook_url: 'https://runbooks.example/grpcavailabilitybudgetburn',
  };
  const latencyAnnotations = {
    summary: 'A gRPC service is spending its latency error budget too fast.',
    description:
      'cart.v1.Cart on cluster eu1 answered 20% of its calls slower than 250ms over the last 1h and the last 5m; SLO cart-latency (99% over 30d) allows 1%. At 14.4 times the sustainable rate, 2% of the 30d error budget goes every 1h.',
    runbook_url: 'https://runbooks.example/grpclatencybudgetburn',
  };
  const tests = {
    rule_files: [join(out, 'rules/kansoku-slo.yaml')],
    evaluation_interval: '1m',
    tests: [
      {
        name: 'over budget: 5% of PlaceOrder calls fail, 20% of cart calls are slow; the 1h/5m page fires (the longer pairs are still pending)',
        interval: '1m',
        input_series: [
          handled('PlaceOrder', 'OK', 95),
          handled('PlaceOrder', 'Unavailable', 5),
          latency('0.25', 80),
          latency('+Inf', 100),
          latency('count', 100),
        ],
        alert_rule_test: [
          { eval_time: '1m', alertname: 'GrpcAvailabilityBudgetBurn', exp_alerts: [] },
          {
            eval_time: '10m',
            alertname: 'GrpcAvailabilityBudgetBurn',
            exp_alerts: [
              {
                exp_labels: page('checkout.v1.checkout-availability', 'availability', 'checkout.v1.Checkout'),
                exp_annotations: availability,
              },
            ],
          },
          {
            eval_time: '10m',
            alertname: 'GrpcLatencyBudgetBurn',
            exp_alerts: [
              { exp_labels: page('cart-latency', 'latency', 'cart.v1.Cart'), exp_annotations: latencyAnnotations },
            ],
          },
        ],
      },
      {
        name: 'under budget: 0.05% of PlaceOrder calls fail (other methods do not count), 0.5% of cart calls are slow; nothing fires in 5h',
        interval: '1m',
        input_series: [
          handled('PlaceOrder', 'OK', 1999),
          handled('PlaceOrder', 'Unavailable', 1),
          handled('GetOrder', 'Internal', 500),
          latency('0.25', 995),
          latency('+Inf', 1000),
          latency('count', 1000),
        ],
        alert_rule_test: ['10m', '1h', '5h'].flatMap((eval_time) => [
          { eval_time, alertname: 'GrpcAvailabilityBudgetBurn', exp_alerts: [] },
          { eval_time, alertname: 'GrpcLatencyBudgetBurn', exp_alerts: [] },
        ]),
      },
    ],
  };
  await writeFile(join(dir, 'slo.test.yaml'), stringify(tests));
  const unit = await promtool(['test', 'rules', join(dir, 'slo.test.yaml')]);
  assert.equal(unit.code, 0, unit.stdout + unit.stderr);
});

test('a config with five mistakes: five problems, each with its path, and exit code 2', async () => {
  const file = join(work, 'five-mistakes.yaml');
  await writeFile(
    file,
    `cluster: { label: cluster, enabled: yes-please }
selectors:
  kubeStateMetrics: 'job="kube-state-metrics'
thresholds: { cpuThrotlingPercent: 25 }
alerts:
  disabled: [KubeCPUOvercomit]
slos:
  - service: checkout.v1.Checkout
    latency: { objective: 99, threshold: 0.3 }
`,
  );
  const r = await kansoku('generate', '--config', file, '--out', join(work, 'never'));
  assert.equal(r.code, 2, r.stderr);
  const problems = r.stderr.split('\n').filter((l) => l.startsWith('  - '));
  assert.deepEqual(
    problems.map((p) => p.slice(4, p.indexOf(': '))),
    [
      'cluster.enabled',
      'thresholds.cpuThrotlingPercent',
      'selectors.kubeStateMetrics',
      'slos[0].latency.threshold',
      'alerts.disabled[0]',
    ],
  );
  assert.match(
    r.stderr,
    /slos\[0\]\.latency\.threshold: 0\.3 is not a bucket of the services' histogram; buckets are 0\.005, /,
  );
  assert.match(r.stderr, /KANSOKU_ERR_CONFIG/);
});

let demo: Demo | undefined;
let prometheus: PrometheusService | undefined;

after(async () => {
  await prometheus?.stop();
  await demo?.stop();
});

test('check --prometheus against a real Prometheus scraping the demo names the selectors that match nothing', async () => {
  const discard = new Writable({ write: (_chunk, _enc, done) => done() });
  demo = await startDemo({
    rate: 30,
    logDestination: discard as never,
    tracingEndpoint: `http://127.0.0.1:${await freePort()}`,
  });
  prometheus = await startPrometheus({ scrape: [{ job: 'kansoku-demo', targets: [new URL(demo.metricsUrl).host] }] });
  await prometheus.waitForTargetsUp();
  const p = prometheus;
  await p.process.waitUntilReady(
    async () =>
      (await p.query('count(grpc_server_handling_seconds_bucket{grpc_service="kansoku.demo.Shop"})')).length > 0,
    30_000,
  );
  const config = join(work, 'node_modules/kansoku/examples/demo/kansoku.yaml');
  const r = await kansoku('check', '--config', config, '--prometheus', p.url);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^selectors\.kubeStateMetrics: job="kube-state-metrics" matches no series/m);
  assert.match(r.stdout, /^selectors\.kubelet: job="kubelet", metrics_path="\/metrics" matches no series/m);
  // The demo's own service has traffic and the SLO's bucket: nothing is said about it.
  assert.doesNotMatch(r.stdout, /kansoku\.demo\.Shop/);
  const unreachable = await kansoku('check', '--prometheus', `http://127.0.0.1:${await closedPort()}`);
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+/);
});

test('every query of the packaged dashboards parses in the real Prometheus', async () => {
  prometheus ??= await startPrometheus();
  const p = prometheus;
  const out = join(work, 'queries');
  const r = await kansoku('generate', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  const rejected: string[] = [];
  let count = 0;
  const dir = join(out, 'dashboards');
  for (const f of readdirSync(dir)) {
    const model = JSON.parse(readFileSync(join(dir, f), 'utf8')) as dashboard.Dashboard;
    for (const q of [...panelQueries(model, f), ...variableQueries(model, f)]) {
      count += 1;
      const expr = expandVariables(q.expr, model, { rateInterval: '1m', range: '1h' });
      await p.query(expr).catch((e: Error) => rejected.push(`${f} ${q.where}: ${e.message}`));
    }
  }
  assert.deepEqual(rejected, []);
  assert.ok(count > 100, `only ${count} queries`);
});
