// The report laid out as headings, paragraphs, tables and code blocks, once; the table and
// Markdown formats only differ in how they draw these blocks.
import type { Report } from './report.js';
import { suggestionYaml } from './suggest.js';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric: boolean[] }
  | { kind: 'code'; language: string; text: string };

const count = (n: number) => n.toLocaleString('en-US');
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const MAX_USERS_SHOWN = 3;

function users(list: readonly string[]): string {
  if (list.length === 0) return '—';
  const shown = list.slice(0, MAX_USERS_SHOWN).join(', ');
  return list.length > MAX_USERS_SHOWN ? `${shown} (+${list.length - MAX_USERS_SHOWN} more)` : shown;
}

export function reportDocument(report: Report): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', text: `Prometheus series at ${report.prometheus}` },
    {
      kind: 'text',
      text:
        `${count(report.headSeries)} head series. ${count(report.queries)} queries of dashboards and rules read; ` +
        `${count(report.unused.metrics)} scraped metrics (${count(report.unused.series)} series, ` +
        `${percent(report.headSeries ? report.unused.series / report.headSeries : 0)}) are read by none of them.`,
    },
  ];
  if (report.truncated) {
    blocks.push({ kind: 'text', text: 'The TSDB status was cut at its limit: the smallest metrics are not listed.' });
  }
  if (report.unparsedQueries.length > 0) {
    blocks.push({
      kind: 'text',
      text:
        `${report.unparsedQueries.length} queries did not parse; any metric named in their text counts as read with ` +
        `all its labels: ${report.unparsedQueries.map((q) => q.where).join('; ')}`,
    });
  }
  blocks.push(
    { kind: 'heading', text: 'Series per job' },
    {
      kind: 'table',
      head: ['job', 'series', 'share'],
      numeric: [false, true, true],
      rows: [
        ...report.jobs.map((j) => [j.job, count(j.series), percent(j.series / (report.headSeries || 1))]),
        ...(report.otherSeries > 0
          ? [['(no job label)', count(report.otherSeries), percent(report.otherSeries / (report.headSeries || 1))]]
          : []),
      ],
    },
    { kind: 'heading', text: `Top ${report.topMetrics.length} metrics by series` },
    {
      kind: 'table',
      head: ['metric', 'series', 'share', 'jobs', 'read by'],
      numeric: [false, true, true, false, false],
      rows: report.topMetrics.map((m) => [
        m.name,
        count(m.series),
        percent(m.share),
        m.jobs.join(', ') || '—',
        m.used ? users(m.users) : 'UNUSED',
      ]),
    },
  );
  if (report.labels.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Labels no query reads, on metrics that are read' },
      {
        kind: 'text',
        text:
          'Dropping a label merges the series that differ only in it, and Prometheus then keeps one sample of each ' +
          'merged set: every sum over them changes. Where "series without it" is lower than "series", fix it at ' +
          'the exporter (aggregate there, or stop exporting the label); where it is equal, the label carries no ' +
          'series of its own.',
      },
      {
        kind: 'table',
        head: ['metric', 'label', 'values', 'series', 'series without it'],
        numeric: [false, false, true, true, true],
        rows: report.labels.map((l) => [l.metric, l.label, count(l.values), count(l.series), count(l.seriesWithout)]),
      },
    );
  }
  if (report.histograms.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Histograms by bucket series' },
      {
        kind: 'table',
        head: ['buckets series', 'series', 'share', 'le values', 'read by'],
        numeric: [false, true, true, true, false],
        rows: report.histograms.map((h) => [
          h.name,
          count(h.series),
          percent(h.share),
          count(h.buckets),
          h.used ? 'read' : 'UNUSED',
        ]),
      },
    );
  }
  blocks.push({ kind: 'heading', text: 'Suggested relabelling' });
  if (report.suggestions.length === 0) {
    blocks.push({ kind: 'text', text: 'Nothing to drop: every scraped metric is read by a dashboard or a rule.' });
  }
  for (const s of report.suggestions) {
    const yaml = suggestionYaml(s);
    blocks.push(
      {
        kind: 'text',
        text:
          `Job "${s.job}": drop ${s.drop.length} metrics no dashboard or rule reads, ${count(s.saves)} series ` +
          `(${s.drop
            .slice(0, 5)
            .map((d) => `${d.name} ${count(d.series)}`)
            .join(', ')}${s.drop.length > 5 ? ', …' : ''}). In the scrape config:`,
      },
      { kind: 'code', language: 'yaml', text: yaml.scrapeConfig },
      { kind: 'text', text: 'Or in the ServiceMonitor/PodMonitor endpoint that scrapes it:' },
      { kind: 'code', language: 'yaml', text: yaml.monitor },
    );
  }
  return blocks;
}
