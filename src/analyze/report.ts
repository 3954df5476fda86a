// The report `kansoku analyze` prints: where the series are, which of them anything reads,
// and what could go. A plain object, so each output format only lays it out.
import type { Collected } from './collect.js';
import { isScraped } from './droppable.js';
import { type JobSuggestion, suggestDrops } from './suggest.js';
import type { UsageIndex } from './usage.js';

export interface MetricRow {
  name: string;
  series: number;
  /** Share of the head series, 0–1. */
  share: number;
  jobs: string[];
  used: boolean;
  users: string[];
}

export interface LabelRow {
  metric: string;
  label: string;
  values: number;
  series: number;
  seriesWithout: number;
}

export interface HistogramRow {
  /** The `_bucket` series name. */
  name: string;
  series: number;
  share: number;
  buckets: number;
  used: boolean;
}

export interface Report {
  prometheus: string;
  generatedAt: string;
  headSeries: number;
  /** Dashboards' and rules' queries the analysis read. */
  queries: number;
  unparsedQueries: { user: string; where: string }[];
  /** The TSDB status held more names than were asked for: the smallest metrics are not listed. */
  truncated: boolean;
  jobs: { job: string; series: number }[];
  /** Head series under no job label (recording rules' output, for example). */
  otherSeries: number;
  topMetrics: MetricRow[];
  unused: { metrics: number; series: number };
  labels: LabelRow[];
  histograms: HistogramRow[];
  suggestions: JobSuggestion[];
}

export interface ReportInput {
  prometheus: string;
  collected: Collected;
  usage: UsageIndex;
  top: number;
  now: Date;
}

export function buildReport({ prometheus, collected, usage, top, now }: ReportInput): Report {
  const head = collected.headSeries;
  const share = (n: number) => (head === 0 ? 0 : n / head);
  const jobsOf = new Map<string, string[]>();
  for (const [job, metrics] of collected.jobs) {
    for (const name of metrics.keys()) jobsOf.set(name, [...(jobsOf.get(name) ?? []), job]);
  }
  const jobs = [...collected.jobs]
    .map(([job, metrics]) => ({ job, series: sum(metrics.values()) }))
    .sort((a, b) => b.series - a.series || a.job.localeCompare(b.job));
  const bySize = [...collected.metricSeries].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const row = ([name, series]: [string, number]): MetricRow => {
    const use = usage.useOf(name);
    return {
      name,
      series,
      share: share(series),
      jobs: (jobsOf.get(name) ?? []).sort(),
      used: use !== undefined,
      users: use?.users ?? [],
    };
  };
  const unused = bySize.filter(([name]) => isScraped(name) && usage.useOf(name) === undefined);
  const metricSeries = (name: string) => collected.metricSeries.get(name) ?? 0;
  return {
    prometheus,
    generatedAt: now.toISOString(),
    headSeries: head,
    queries: usage.queryCount,
    unparsedQueries: usage.unparsed.map(({ user, where }) => ({ user, where })),
    truncated: collected.truncated,
    jobs,
    otherSeries: Math.max(0, head - sum(jobs.map((j) => j.series))),
    topMetrics: bySize.slice(0, top).map(row),
    unused: { metrics: unused.length, series: sum(unused.map(([, n]) => n)) },
    labels: collected.labelStats
      .filter((l) => l.values > 1)
      .map((l) => ({ ...l, series: metricSeries(l.metric) }))
      .sort((a, b) => b.values - a.values || a.metric.localeCompare(b.metric)),
    histograms: [...collected.bucketCounts]
      .map(([name, buckets]) => ({
        name,
        series: metricSeries(name),
        share: share(metricSeries(name)),
        buckets,
        used: usage.useOf(name) !== undefined,
      }))
      .sort((a, b) => b.series - a.series),
    suggestions: suggestDrops(collected, usage),
  };
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
