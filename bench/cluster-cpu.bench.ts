// Scenario: what the test cluster (test/services/cluster.ts) costs the machine in CPU. The
// test suite runs three files at once on two cores and is CPU-bound, so every CPU second a
// control plane burns is taken from the other files. Per run it reports, per component
// (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, kube-state-metrics):
//   start   CPU seconds from startCluster() to its resolving (nodes Ready, service account made);
//   idle    CPU seconds per minute while the cluster stands idle for --idle seconds, as it
//           does while a test waits on Prometheus (the alerts test waits five minutes);
// and the cost of one poll through kubectl (`kubectl get … -o json`, a Go process start)
// against one through cluster.api() (an HTTPS request from the test process). "test" is
// this process (certificates, requests) plus the children it has reaped (kubectl).
// CPU is read from /proc (utime + stime), so it counts the work, not the neighbours' load;
// still, report medians over runs.
//
// With --prometheus a Prometheus scrapes the cluster's targets (all, or all but
// --skip-jobs) every --scrape-interval while the cluster idles, and with --rules it also
// evaluates the generated alert rules every --evaluation-interval, as the alert test does.
//
//   npm run bench -- cluster-cpu [--runs 3] [--idle 60] [--polls 10]
//     [--prometheus [--skip-jobs apiserver] [--scrape-interval 1s] [--rules [--evaluation-interval 1s]]]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRuleFiles } from '../alerts/src/build.js';
import { createAlertsConfig } from '../alerts/src/config.js';
import { renderRuleFile } from '../alerts/src/render.js';
import { type Cluster, startCluster } from '../test/services/cluster.js';
import { type PrometheusService, startPrometheus } from '../test/services/prometheus.js';
import { procStat } from '../test/services/registry.js';
import { fmt, machine, writeResults } from './lib/report.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    runs: { type: 'string', default: '3' },
    idle: { type: 'string', default: '60' },
    polls: { type: 'string', default: '10' },
    // Also a Prometheus scraping the cluster's targets, as the alert and dashboard tests do.
    prometheus: { type: 'boolean', default: false },
    'scrape-interval': { type: 'string', default: '1s' },
    // Comma-separated scrape jobs to leave out (e.g. apiserver).
    'skip-jobs': { type: 'string', default: '' },
    // Load the generated alert rules (alerts/), evaluated every --evaluation-interval.
    rules: { type: 'boolean', default: false },
    'evaluation-interval': { type: 'string', default: '1s' },
  },
});
const runs = Number(args.runs);
const idleSeconds = Number(args.idle);
const polls = Number(args.polls);
const skipJobs = new Set(args['skip-jobs'].split(',').filter(Boolean));
const rulesDir = mkdtempSync(join(tmpdir(), 'kansoku-bench-cluster-cpu-'));
const ruleFiles = args.rules
  ? buildRuleFiles(createAlertsConfig({})).map((file) => {
      const path = join(rulesDir, `${file.name}.yaml`);
      writeFileSync(path, renderRuleFile(file));
      return path;
    })
  : [];

/** CPU seconds of this process and of the children it has waited for (kubectl, stopped services). */
function selfCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime: fields 14-17 of the line.
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / 100;
}

function componentCpu(cluster: Cluster, prometheus?: PrometheusService): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of [...cluster.processes, ...(prometheus ? [prometheus.process] : [])])
    out[p.name] = procStat(p.pid)?.cpuSeconds ?? Number.NaN;
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  start: Record<string, number>;
  idlePerMinute: Record<string, number>;
  startWallSeconds: number;
  kubectlPollCpu: number;
  apiPollCpu: number;
}

const samples: Sample[] = [];
const startedAt = new Date();
for (let run = 0; run < runs; run++) {
  const self0 = selfCpu();
  const wall0 = performance.now();
  const cluster = await startCluster({ nodes: 3, kubeStateMetrics: true });
  try {
    const startWallSeconds = (performance.now() - wall0) / 1000;
    const start = { ...componentCpu(cluster), test: selfCpu() - self0 };
    const prometheus = args.prometheus
      ? await startPrometheus({
          scrape: cluster.scrapeTargets.filter((t) => !skipJobs.has(t.job)),
          scrapeInterval: args['scrape-interval'],
          evaluationInterval: args['evaluation-interval'],
          ruleFiles,
        })
      : undefined;
    await prometheus?.waitForTargetsUp(60_000);
    const before = { ...componentCpu(cluster, prometheus), test: selfCpu() };
    await sleep(idleSeconds * 1000);
    const afterIdle = { ...componentCpu(cluster, prometheus), test: selfCpu() };
    const idlePerMinute = Object.fromEntries(
      Object.keys(afterIdle).map((k) => [
        k,
        ((afterIdle[k as keyof typeof afterIdle] ?? 0) - (before[k as keyof typeof before] ?? 0)) * (60 / idleSeconds),
      ]),
    );
    let t = selfCpu();
    for (let i = 0; i < polls; i++) await cluster.getJson(['pods', '--all-namespaces']);
    const kubectlPollCpu = (selfCpu() - t) / polls;
    t = selfCpu();
    for (let i = 0; i < polls; i++) await cluster.api('/api/v1/pods');
    const apiPollCpu = (selfCpu() - t) / polls;
    await prometheus?.stop();
    const sample = { start, idlePerMinute, startWallSeconds, kubectlPollCpu, apiPollCpu };
    samples.push(sample);
    console.log(`run ${run + 1}: ${JSON.stringify(sample)}`);
  } finally {
    await cluster.stop();
  }
}

rmSync(rulesDir, { recursive: true, force: true });
const names = Object.keys(samples[0]?.idlePerMinute ?? {});
const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
console.log(`\nmedians over ${runs} runs (CPU seconds; idle over ${idleSeconds} s, per minute)`);
console.log(`${'component'.padEnd(26)} ${'start'.padStart(8)} ${'idle/min'.padStart(9)}`);
for (const name of names) {
  const s = median(samples.map((x) => x.start[name] ?? Number.NaN));
  const i = median(samples.map((x) => x.idlePerMinute[name] ?? Number.NaN));
  console.log(`${name.padEnd(26)} ${fmt(s, 2).padStart(8)} ${fmt(i, 2).padStart(9)}`);
}
console.log(
  `${'all'.padEnd(26)} ${fmt(median(samples.map((x) => total(x.start))), 2).padStart(8)} ${fmt(
    median(samples.map((x) => total(x.idlePerMinute))),
    2,
  ).padStart(9)}`,
);
console.log(`start wall: ${fmt(median(samples.map((x) => x.startWallSeconds)), 1)} s`);
console.log(
  `one poll: kubectl get -o json ${fmt(median(samples.map((x) => x.kubectlPollCpu)), 3)} CPU-s, ` +
    `cluster.api() ${fmt(median(samples.map((x) => x.apiPollCpu)), 3)} CPU-s`,
);
console.log(writeResults('cluster-cpu', startedAt, { machine: machine(), runs, idleSeconds, polls, samples }));
