// Where a server's CPU went: self time of a V8 .cpuprofile (from `unary-echo --profile`)
// summed by package and by function. A reading aid for the benchmark, not a scenario.
//
//   node --import tsx bench/lib/profile-summary.ts bench/results/profiles/c-round1.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});

/** The package or area a script URL belongs to. */
function area(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node core';
  const workspace = /\/instrumentation\/src\/([^/]+)/.exec(url);
  if (workspace) return `kansoku ${workspace[1]?.replace(/\.ts$/, '')}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/g;
  let last: string | undefined;
  for (let m = pkg.exec(url); m; m = pkg.exec(url)) last = m[1];
  if (last) return last;
  if (url.includes('/bench/')) return 'bench harness';
  return url;
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') continue;
    const a = area(frame.url);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    const name = `${frame.functionName || '(anonymous)'} ${a}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const idle = total - [...byArea.values()].reduce((a, b) => a + b, 0);
  const busy = total - idle;
  const show = (title: string, map: Map<string, number>, top: number) => {
    console.log(`\n${title} (share of busy time)`);
    for (const [name, us] of [...map].sort((x, y) => y[1] - x[1]).slice(0, top)) {
      console.log(`  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  console.log(`${file}: ${(busy / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle`);
  show('by area', byArea, 30);
  show('by function (self time)', byFunction, Number(values.top));
}
