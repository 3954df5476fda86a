// Reading V8 .cpuprofile files (from `unary-echo --profile`): self time per function and
// per package or area. Shared by profile-summary.ts and profile-diff.ts.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** Microseconds of self time by "function area:line", idle excluded. */
  byFunction: Map<string, number>;
  /** Microseconds of self time by package or area, idle excluded. */
  byArea: Map<string, number>;
  busyUs: number;
  idleUs: number;
}

/** The package or area a script URL belongs to. */
export function area(url: string): string {
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

export function readSelfTime(file: string): SelfTime {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const a = area(frame.url);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    const name = `${frame.functionName || '(anonymous)'} ${a}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const busyUs = [...byArea.values()].reduce((a, b) => a + b, 0);
  return { byFunction, byArea, busyUs, idleUs };
}
