// `kansoku check`: validates kansoku.yaml and builds everything from it (so the name check
// runs), then, given a Prometheus, reports what the configuration expects and the Prometheus
// does not have (docs/generate.md).
import { prometheusFindings } from '../check/findings.js';
import { buildAll } from '../generate/build.js';
import { loadKansokuConfig } from '../generate/load.js';
import { createPrometheusApi } from '../prometheus/http-api.js';
import { EXIT, parseFlags, say, UsageError } from './args.js';
import type { Command } from './commands.js';

export const CHECK_USAGE = `usage: kansoku check [--config kansoku.yaml] [--prometheus URL]

Validates the configuration (without --config, the defaults) and builds every rule and
dashboard from it. With --prometheus, also asks that Prometheus which selectors match no
series, which SLO services have no traffic, and which services lack the latency histogram
or the bucket a latency SLO needs.
Exit codes: 0 nothing to report, 1 findings (or Prometheus unreachable), 2 bad command line
or configuration (every problem listed).`;

export const checkCommand: Command = {
  summary: 'validate kansoku.yaml, and compare it with what a Prometheus has',
  usage: CHECK_USAGE,
  async run(args) {
    const { values } = parseFlags(args, {
      config: { type: 'string', short: 'c' },
      prometheus: { type: 'string', short: 'p' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      say(CHECK_USAGE);
      return EXIT.ok;
    }
    const url = values.prometheus as string | undefined;
    if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url))
      throw new UsageError(`--prometheus ${JSON.stringify(url)} is not an http(s) URL`);
    const source = (values.config as string | undefined) ?? '(defaults)';
    const config = await loadKansokuConfig(values.config as string | undefined);
    const build = buildAll(config, 'kansoku check');
    const alerts = build.ruleFiles.flatMap((f) => f.groups.flatMap((g) => g.rules)).filter((r) => 'alert' in r).length;
    say(
      `kansoku check: ${source} is valid: ${alerts} alerts in ${build.ruleFiles.length} rule files, ${build.dashboards.length} dashboards, ${config.slos.length} SLOs`,
    );
    if (url === undefined) return EXIT.ok;
    const findings = await prometheusFindings(config, createPrometheusApi({ url, timeoutMs: 15_000 }).query);
    for (const f of findings) process.stdout.write(`${f}\n`);
    say(`kansoku check: ${findings.length} finding(s) against ${url}`);
    return findings.length > 0 ? EXIT.failed : EXIT.ok;
  },
};
