// Where a server's CPU went: self time of a V8 .cpuprofile (from `unary-echo --profile`)
// summed by package and by function. A reading aid for the benchmark, not a scenario.
//
//   node --import tsx bench/lib/profile-summary.ts bench/results/profiles/c-round1.cpuprofile [--top 25]
import { parseArgs } from 'node:util';
import { readSelfTime } from './cpuprofile.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});

for (const file of positionals) {
  const { byArea, byFunction, busyUs, idleUs } = readSelfTime(file);
  const show = (title: string, map: Map<string, number>, top: number) => {
    console.log(`\n${title} (share of busy time)`);
    for (const [name, us] of [...map].sort((x, y) => y[1] - x[1]).slice(0, top)) {
      console.log(`  ${((100 * us) / busyUs).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  console.log(`${file}: ${(busyUs / 1000).toFixed(0)} ms busy, ${(idleUs / 1000).toFixed(0)} ms idle`);
  show('by area', byArea, 30);
  show('by function (self time)', byFunction, Number(values.top));
}
