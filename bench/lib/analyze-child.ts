// Runs one `kansoku analyze` in this process and prints, as the last line of stdout, how long
// it took and the most memory the process held (resident set), for bench/analyze.bench.ts.
import { analyze } from '../../src/analyze/analyze.js';
import { parseAnalyzeArgs } from '../../src/analyze/options.js';

const started = performance.now();
const { report } = await analyze(parseAnalyzeArgs(process.argv.slice(2)), { add() {}, tick() {}, done() {} });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, headSeries: report.headSeries })}\n`,
);
