// What one server does per request that another does not: two V8 .cpuprofiles of the same
// measured burst length (from `unary-echo --profile`), each divided by the requests it
// answered, and the functions sorted by how much more self time per request the second
// spends. Shares of busy time hide this: a variant that is slower everywhere looks the same.
//
//   node --import tsx bench/lib/profile-diff.ts bench/results/profiles/b-round1.cpuprofile 195000 \
//        bench/results/profiles/c-round1.cpuprofile 150000 [--top 30]
// (requests = the burst's rps × its duration, as unary-echo prints them)
import { parseArgs } from 'node:util';
import { readSelfTime } from './cpuprofile.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' } },
});
const [baseFile, baseCount, otherFile, otherCount] = positionals;
const baseRequests = Number(baseCount);
const otherRequests = Number(otherCount);
if (!baseFile || !otherFile || !(baseRequests > 0) || !(otherRequests > 0)) {
  throw new Error('usage: profile-diff.ts <base.cpuprofile> <requests> <other.cpuprofile> <requests> [--top N]');
}
const base = readSelfTime(baseFile);
const other = readSelfTime(otherFile);
const perRequest = (us: number, requests: number) => us / requests;

console.log(
  `busy µs per request: ${perRequest(base.busyUs, baseRequests).toFixed(2)} → ${perRequest(other.busyUs, otherRequests).toFixed(2)}`,
);
const names = new Set([...base.byFunction.keys(), ...other.byFunction.keys()]);
const rows = [...names].map((name) => {
  const a = perRequest(base.byFunction.get(name) ?? 0, baseRequests);
  const b = perRequest(other.byFunction.get(name) ?? 0, otherRequests);
  return { name, a, b, delta: b - a };
});
console.log('\n  +µs/req    base   other  function');
for (const row of rows.sort((x, y) => y.delta - x.delta).slice(0, Number(values.top))) {
  console.log(
    `  ${row.delta.toFixed(3).padStart(7)}  ${row.a.toFixed(3).padStart(6)}  ${row.b.toFixed(3).padStart(6)}  ${row.name}`,
  );
}
