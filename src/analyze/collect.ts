// What `kansoku analyze` asks Prometheus, in three bounded rounds: the TSDB status (series per
// metric name), series per metric name for each job, and for the largest series the
// analysis cares about, how many values an unread label has and what dropping it would merge.

import type { PrometheusApi } from '../prometheus/http-api.js';
import { mapLimit } from './concurrency.js';
import type { Progress } from './progress.js';
import type { UsageIndex } from './usage.js';

/** Labels never offered for dropping: a series' identity and its histogram or summary shape. */
export const PROTECTED_LABELS = new Set(['__name__', 'job', 'instance', 'le', 'quantile']);

/** The most metric names the TSDB status gives (Prometheus refuses a higher limit); it sorts them by series. */
const TSDB_STATUS_LIMIT = 10_000;

export interface LabelStat {
  metric: string;
  label: string;
  /** Distinct values of the label on the metric. */
  values: number;
  /** Series the metric would have without the label. */
  seriesWithout: number;
}

export interface Collected {
  headSeries: number;
  /** Series per metric name across the head block. */
  metricSeries: Map<string, number>;
  /** True when the TSDB status was cut at its limit: smaller names are counted from the per-job queries only. */
  truncated: boolean;
  /** job → metric name → series. */
  jobs: Map<string, Map<string, number>>;
  labelStats: LabelStat[];
  /** Histogram `_bucket` series name → number of `le` values. */
  bucketCounts: Map<string, number>;
}

export interface CollectOptions {
  api: PrometheusApi;
  usage: UsageIndex;
  concurrency: number;
  /** How many of the largest metrics get label and bucket detail. */
  top: number;
  progress: Progress;
}

export async function collect(options: CollectOptions): Promise<Collected> {
  const { api, usage, concurrency, top, progress } = options;
  progress.add(2);
  const status = await api.tsdbStatus(TSDB_STATUS_LIMIT);
  progress.tick();
  const metricSeries = new Map(status.seriesCountByMetricName.map((m) => [m.name, m.value]));
  const inStatus = new Set(metricSeries.keys());
  const jobNames = await api.labelValues('job');
  progress.tick();

  progress.add(jobNames.length);
  const perJob = await mapLimit(jobNames, concurrency, async (job) => {
    const samples = await api.query(`count by (__name__) ({job=${JSON.stringify(job)}})`);
    progress.tick();
    return [job, new Map(samples.map((s) => [s.metric.__name__ ?? '', Number(s.value[1])]))] as const;
  });

  // Names past the status's limit still show up in the per-job counts.
  for (const [, names] of perJob) {
    for (const [name, series] of names) {
      if (!inStatus.has(name)) metricSeries.set(name, (metricSeries.get(name) ?? 0) + series);
    }
  }
  const bySize = [...metricSeries].sort((a, b) => b[1] - a[1]);
  const labelCandidates = bySize
    .filter(([name, series]) => series > 1 && usage.useOf(name) !== undefined && usage.useOf(name)?.need !== 'all')
    .slice(0, top)
    .map(([name]) => name);
  progress.add(labelCandidates.length);
  const unreadLabels = await mapLimit(labelCandidates, concurrency, async (metric) => {
    const names = await api.labelNames(selector(metric));
    progress.tick();
    const need = usage.useOf(metric)?.need;
    const read = need === 'all' || need === undefined ? new Set<string>() : need;
    return names.filter((l) => !PROTECTED_LABELS.has(l) && !read.has(l)).map((label) => ({ metric, label }));
  });
  const pairs = unreadLabels.flat();
  progress.add(pairs.length);
  const labelStats = await mapLimit(pairs, concurrency, async ({ metric, label }) => {
    const [values, without] = await Promise.all([
      api.query(`count(count by (${quoteLabel(label)}) (${selector(metric)}))`),
      api.query(`count(count without (${quoteLabel(label)}) (${selector(metric)}))`),
    ]);
    progress.tick();
    return { metric, label, values: scalarOf(values), seriesWithout: scalarOf(without) };
  });

  const histograms = bySize
    .filter(([name]) => name.endsWith('_bucket'))
    .slice(0, top)
    .map(([name]) => name);
  progress.add(histograms.length);
  const buckets = await mapLimit(histograms, concurrency, async (name) => {
    const le = await api.query(`count(count by (le) (${selector(name)}))`);
    progress.tick();
    return [name, scalarOf(le)] as const;
  });

  return {
    headSeries: status.headStats.numSeries,
    metricSeries,
    truncated: status.seriesCountByMetricName.length >= TSDB_STATUS_LIMIT,
    jobs: new Map(perJob),
    labelStats,
    bucketCounts: new Map(buckets),
  };
}

/** A selector for one series name, in the quoted form that takes any name Prometheus 3 accepts. */
function selector(name: string): string {
  return `{__name__=${JSON.stringify(name)}}`;
}

function quoteLabel(label: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label) ? label : JSON.stringify(label);
}

function scalarOf(samples: readonly { value: [number, string] }[]): number {
  return Number(samples[0]?.value[1] ?? 0);
}
