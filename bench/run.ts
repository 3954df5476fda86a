// `npm run bench -- [scenario] [options]`: runs one scenario (bench/<scenario>.bench.ts) with
// the options given, or every scenario with its defaults. Each runs in its own process
// with the same flags the library's source needs (--conditions=kansoku-source, tsx).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const scenarios = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .map((name) => name.replace(/\.bench\.ts$/, ''))
  .sort();
const [first, ...rest] = process.argv.slice(2);
const chosen = first && !first.startsWith('-') ? [first] : scenarios;
const options = first && !first.startsWith('-') ? rest : process.argv.slice(2);

let failed = false;
for (const scenario of chosen) {
  if (!scenarios.includes(scenario)) {
    console.error(`bench: no scenario "${scenario}" (known: ${scenarios.join(', ')})`);
    process.exit(2);
  }
  console.log(`\n=== bench/${scenario}.bench.ts ${options.join(' ')}`);
  const result = spawnSync(
    process.execPath,
    ['--conditions=kansoku-source', '--import', 'tsx', join(here, `${scenario}.bench.ts`), ...options],
    { stdio: 'inherit' },
  );
  failed ||= result.status !== 0;
}
// A benchmark reports and never asserts: a non-zero exit means a scenario could not run.
process.exit(failed ? 1 : 0);
