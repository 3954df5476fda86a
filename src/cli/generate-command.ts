// `kansoku generate`: dashboards, rules, PrometheusRule objects, Grafana ConfigMaps and Helm
// values from kansoku.yaml (docs/generate.md).
import { resolve } from 'node:path';
import { buildAll } from '../generate/build.js';
import { OUTPUT_FORMATS, type OutputFormat, renderFormats } from '../generate/formats.js';
import { loadKansokuConfig } from '../generate/load.js';
import { writeOutput } from '../generate/write.js';
import { EXIT, parseFlags, say, UsageError } from './args.js';
import type { Command } from './commands.js';

export const GENERATE_USAGE = `usage: kansoku generate [--config kansoku.yaml] [--out DIR] [--format FORMAT[,FORMAT…]]

Writes what the configuration describes into DIR (default ./kansoku-generated):
  files           dashboards/<name>.json and rules/<file>.yaml (Prometheus rule_files, promtool)
  prometheusrule  prometheusrules/<file>.yaml: prometheus-operator PrometheusRule objects
  configmap       configmaps/<uid>.yaml: one ConfigMap per dashboard for Grafana's sidecar
  helm-values     helm-values.yaml: the generated values of the kansoku Helm chart
--format may be repeated or comma-separated (default files). Without --config, the defaults.
Exit codes: 0 written, 2 bad command line or configuration (every problem listed), 1 other failure.`;

export function parseFormats(values: readonly string[]): OutputFormat[] {
  const formats = values.flatMap((v) => v.split(',')).map((f) => f.trim());
  for (const f of formats) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f))
      throw new UsageError(`--format ${JSON.stringify(f)} is not one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  return formats.length > 0 ? (formats as OutputFormat[]) : ['files'];
}

export const generateCommand: Command = {
  summary: 'write dashboards, rules, PrometheusRules, ConfigMaps and Helm values from kansoku.yaml',
  usage: GENERATE_USAGE,
  async run(args) {
    const { values } = parseFlags(args, {
      config: { type: 'string', short: 'c' },
      out: { type: 'string', short: 'o', default: 'kansoku-generated' },
      format: { type: 'string', short: 'f', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      say(GENERATE_USAGE);
      return EXIT.ok;
    }
    const formats = parseFormats(values.format as string[]);
    const config = await loadKansokuConfig(values.config);
    const by =
      values.config === undefined ? 'kansoku generate (defaults)' : `kansoku generate --config ${values.config}`;
    const files = renderFormats(buildAll(config, by), formats);
    const out = resolve(values.out as string);
    const { removed } = await writeOutput(out, files);
    say(`kansoku generate: wrote ${files.length} files (${formats.join(', ')}) to ${out}`);
    if (removed.length > 0) say(`  removed ${removed.length} it no longer generates: ${removed.join(', ')}`);
    return EXIT.ok;
  },
};
