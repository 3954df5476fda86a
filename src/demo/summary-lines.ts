// What the demo's summary says, as text: several lines for the view that refreshes in place
// on a terminal, one line for plain progress output (a pipe, a file, CI). Rates are
// computed between two samples, so they show now, not the average since the start.
import type { DemoStats } from './demo.js';

export interface SummarySample {
  /** When the sample was taken (epoch ms). */
  at: number;
  stats: DemoStats;
  /** Alerts the webhook receiver got; undefined when the on-call path is off. */
  alertsReceived: number | undefined;
}

function callsPerSecond(previous: SummarySample | undefined, current: SummarySample): string {
  if (previous === undefined || current.at <= previous.at) return '-';
  return ((current.stats.calls - previous.stats.calls) / ((current.at - previous.at) / 1000)).toFixed(1);
}

function failures(stats: DemoStats): string {
  const byCode = Object.entries(stats.failuresByCode).sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
  return byCode.length === 0 ? 'none' : byCode.map(([code, n]) => `${code} ${n}`).join(', ');
}

function p99(stats: DemoStats): string {
  return stats.p99Ms === undefined ? '-' : `${Math.round(stats.p99Ms)} ms`;
}

/** The live view: one fact a line, labels aligned. */
export function summaryLines(previous: SummarySample | undefined, current: SummarySample): string[] {
  const { stats } = current;
  const lines = [
    `  calls/s            ${callsPerSecond(previous, current)}  (${stats.calls} calls in all)`,
    `  errors by code     ${failures(stats)}`,
    `  p99 latency        ${p99(stats)}  (calls ended in the last 10 s)`,
  ];
  if (stats.spansExported !== undefined) lines.push(`  spans exported     ${stats.spansExported}`);
  if (current.alertsReceived !== undefined)
    lines.push(`  alerts sent        ${current.alertsReceived}  (received by the demo's webhook)`);
  return lines;
}

/** Plain progress: one line, no escape codes, for output that is not a terminal. */
export function progressLine(start: number, previous: SummarySample | undefined, current: SummarySample): string {
  const { stats } = current;
  const parts = [
    `[${String(Math.round((current.at - start) / 1000)).padStart(4)} s]`,
    `calls/s ${callsPerSecond(previous, current)}`,
    `calls ${stats.calls}`,
    `errors by code: ${failures(stats)}`,
    `p99 ${p99(stats)}`,
  ];
  if (stats.spansExported !== undefined) parts.push(`spans exported ${stats.spansExported}`);
  if (current.alertsReceived !== undefined) parts.push(`alerts sent ${current.alertsReceived}`);
  return parts.join(' | ');
}
