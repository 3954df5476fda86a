// `kansoku analyze` from start to end: read every query that counts as a reader, ask
// Prometheus where its series are, build the report, and render it in the chosen format.
// Every input is read before Prometheus is asked anything, so a bad file costs no queries.

import { createPrometheusApi } from '../prometheus/http-api.js';
import { collect } from './collect.js';
import { dashboardFileQueries, dashboardFiles } from './dashboard-queries.js';
import { kansokuQueries } from './kansoku-queries.js';
import type { AnalyzeOptions } from './options.js';
import { createProgress, type Progress } from './progress.js';
import type { QuerySource } from './query-source.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';
import { buildReport, type Report } from './report.js';
import { reportDocument } from './report-document.js';
import { ruleFileQueries } from './rule-queries.js';
import { suggestionYaml } from './suggest.js';
import { indexUsage } from './usage.js';

export interface AnalyzeRun {
  report: Report;
  /** The report in the requested format. */
  output: string;
}

export async function analyze(options: AnalyzeOptions, progress?: Progress): Promise<AnalyzeRun> {
  const sources: QuerySource[] = [
    ...(options.kansoku ? await kansokuQueries(options.config) : []),
    ...dashboardFiles(options.dashboards).flatMap(dashboardFileQueries),
    ...options.rules.flatMap(ruleFileQueries),
  ];
  const usage = indexUsage(sources);
  const api = createPrometheusApi({ url: options.prometheus, timeoutMs: options.timeoutMs });
  const bar = progress ?? createProgress(process.stderr, 'analyze');
  const collected = await collect({ api, usage, concurrency: options.concurrency, top: options.top, progress: bar });
  bar.done();
  const report = buildReport({ prometheus: api.url, collected, usage, top: options.top, now: new Date() });
  return { report, output: render(report, options.format) };
}

function render(report: Report, format: AnalyzeOptions['format']): string {
  if (format === 'json') {
    const suggestions = report.suggestions.map((s) => ({ ...s, yaml: suggestionYaml(s) }));
    return `${JSON.stringify({ ...report, suggestions }, null, 2)}\n`;
  }
  const blocks = reportDocument(report);
  return format === 'markdown' ? renderMarkdown(blocks) : renderText(blocks);
}
