// `kansoku analyze`: which Prometheus series kansoku's dashboards and rules (and the user's
// own) read, and relabel configuration that drops the rest. See docs/analyze.md.
import { renameSync, writeFileSync } from 'node:fs';
import { analyze } from '../analyze/analyze.js';
import { AnalyzeError } from '../analyze/errors.js';
import { parseAnalyzeArgs, USAGE } from '../analyze/options.js';
import { PrometheusApiError } from '../prometheus/http-api.js';
import type { Command } from './commands.js';

export const analyzeCommand: Command = {
  summary: 'report which Prometheus series dashboards and rules read, and what to drop',
  usage: USAGE,
  async run(args) {
    try {
      const options = parseAnalyzeArgs(args);
      if (options.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
      }
      const { output } = await analyze(options);
      if (options.out === undefined) {
        process.stdout.write(output);
      } else {
        // Written beside the target and renamed over it: the file is whole or untouched.
        const partial = `${options.out}.${process.pid}.partial`;
        writeFileSync(partial, output);
        renameSync(partial, options.out);
      }
      return 0;
    } catch (error) {
      // Any other error (a bad kansoku.yaml among them) is main.ts's to report.
      if (!(error instanceof AnalyzeError || error instanceof PrometheusApiError)) throw error;
      process.stderr.write(`kansoku analyze: ${error.message}\n`);
      return 2;
    }
  },
};
