// `kansoku analyze`'s flags, read and checked once; every problem is reported together.
import { parseArgs } from 'node:util';
import { AnalyzeError } from './errors.js';

export const FORMATS = ['table', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface AnalyzeOptions {
  prometheus: string;
  config?: string;
  dashboards: string[];
  rules: string[];
  /** Leave kansoku's own dashboards and rules out (only the files given count as readers). */
  kansoku: boolean;
  format: Format;
  out?: string;
  top: number;
  concurrency: number;
  timeoutMs: number;
  help: boolean;
}

export const USAGE = `usage: kansoku analyze --prometheus URL [--config kansoku.yaml]
                       [--dashboards DIR|FILE]... [--rules FILE]... [--no-kansoku]
                       [--format table|json|markdown] [--out FILE]
                       [--top N] [--concurrency N] [--timeout SECONDS]

Reads the series Prometheus holds (through its HTTP API), marks each metric used or unused
by kansoku's dashboards and rules for the configuration (and by the dashboards and rule
files given), and suggests relabel configuration that drops what nothing reads.

  --prometheus URL     Prometheus base URL (credentials in the URL become basic auth)
  --config FILE        kansoku.yaml the dashboards and rules are generated for (default: defaults)
  --dashboards PATH    Grafana dashboard JSON, a folder of them, or ConfigMaps holding them; repeatable
  --rules FILE         Prometheus rule file or PrometheusRule object; repeatable
  --no-kansoku         do not count kansoku's own dashboards and rules as readers
  --format F           table (default), json or markdown
  --out FILE           write the report there (whole, or not at all) instead of stdout
  --top N              metrics listed and looked into (default 20)
  --concurrency N      queries in flight at once (default 4)
  --timeout SECONDS    per Prometheus request (default 60)`;

export function parseAnalyzeArgs(args: readonly string[]): AnalyzeOptions {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        prometheus: { type: 'string' },
        config: { type: 'string' },
        dashboards: { type: 'string', multiple: true },
        rules: { type: 'string', multiple: true },
        'no-kansoku': { type: 'boolean', default: false },
        format: { type: 'string', default: 'table' },
        out: { type: 'string' },
        top: { type: 'string', default: '20' },
        concurrency: { type: 'string', default: '4' },
        timeout: { type: 'string', default: '60' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new AnalyzeError((error as Error).message);
  }
  const problems: string[] = [];
  const help = values.help === true;
  const prometheus = typeof values.prometheus === 'string' ? values.prometheus : '';
  if (!help) {
    if (prometheus === '') problems.push('--prometheus URL is required');
    else if (!/^https?:\/\/[^/]/.test(prometheus))
      problems.push(`--prometheus must be an http(s) URL, got "${prometheus}"`);
  }
  const format = String(values.format);
  if (!(FORMATS as readonly string[]).includes(format)) {
    problems.push(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  const whole = (flag: string, min: number, max: number) => {
    const raw = String(values[flag]);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      problems.push(`--${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const top = whole('top', 1, 10_000);
  const concurrency = whole('concurrency', 1, 64);
  const timeout = whole('timeout', 1, 3600);
  if (problems.length > 0) throw new AnalyzeError(problems.join('; '));
  const options: AnalyzeOptions = {
    prometheus,
    dashboards: (values.dashboards as string[] | undefined) ?? [],
    rules: (values.rules as string[] | undefined) ?? [],
    kansoku: values['no-kansoku'] !== true,
    format: format as Format,
    top,
    concurrency,
    timeoutMs: timeout * 1000,
    help,
  };
  if (typeof values.config === 'string') options.config = values.config;
  if (typeof values.out === 'string') options.out = values.out;
  return options;
}
