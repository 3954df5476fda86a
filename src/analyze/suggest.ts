// Relabel configuration ready to paste: per job, drop the series names no dashboard or rule
// reads. Only whole names are dropped. Dropping a label instead would merge the series that
// differ only in it, and Prometheus keeps one sample of each merged set, so every sum over
// them would change: the report names such labels and leaves the fix to their exporter.
import { stringify } from 'yaml';
import type { Collected } from './collect.js';
import { isScraped } from './droppable.js';
import type { UsageIndex } from './usage.js';

export interface JobSuggestion {
  job: string;
  drop: { name: string; series: number }[];
  /** Series the job would no longer send. */
  saves: number;
  /** For the job's entry in a Prometheus scrape config. */
  metricRelabelConfigs: RelabelConfig[];
  /** For a prometheus-operator ServiceMonitor or PodMonitor endpoint of the job. */
  metricRelabelings: OperatorRelabeling[];
}

export interface RelabelConfig {
  source_labels: string[];
  regex: string;
  action: 'drop';
}

export interface OperatorRelabeling {
  sourceLabels: string[];
  regex: string;
  action: 'drop';
}

export function suggestDrops(collected: Collected, usage: UsageIndex): JobSuggestion[] {
  const out: JobSuggestion[] = [];
  for (const [job, metrics] of [...collected.jobs].sort(([a], [b]) => a.localeCompare(b))) {
    const drop = [...metrics]
      .filter(([name]) => isScraped(name) && usage.useOf(name) === undefined)
      .map(([name, series]) => ({ name, series }))
      .sort((a, b) => b.series - a.series || a.name.localeCompare(b.name));
    if (drop.length === 0) continue;
    const regex = drop
      .map((d) => d.name)
      .sort()
      .map(escapeRegex)
      .join('|');
    out.push({
      job,
      drop,
      saves: drop.reduce((sum, d) => sum + d.series, 0),
      metricRelabelConfigs: [{ source_labels: ['__name__'], regex, action: 'drop' }],
      metricRelabelings: [{ sourceLabels: ['__name__'], regex, action: 'drop' }],
    });
  }
  return out;
}

/** The suggestion as YAML: a scrape_configs entry to merge, and the operator's form. */
export function suggestionYaml(s: JobSuggestion): { scrapeConfig: string; monitor: string } {
  return {
    scrapeConfig: stringify({ scrape_configs: [{ job_name: s.job, metric_relabel_configs: s.metricRelabelConfigs }] }),
    monitor: stringify({ metricRelabelings: s.metricRelabelings }),
  };
}

function escapeRegex(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
