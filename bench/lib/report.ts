// What the scenarios share in reporting: number formatting, per-round ratios, the
// machine description and the JSON file under bench/results/ (git-ignored).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.js';

export const root = join(import.meta.dirname, '..', '..');

export function fmt(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

export interface PairedSample {
  /** Samples with the same pair number ran back to back, one per variant. */
  pair: number;
  variant: string;
}

/**
 * variant / baseline for each pair of samples taken back to back. Taking the ratio inside
 * a pair and the median over pairs cancels the slow drift of a shared machine's load.
 */
export function pairedRatios<S extends PairedSample>(
  samples: readonly S[],
  id: string,
  baseline: string,
  value: (sample: S) => number,
): number[] {
  const ratios: number[] = [];
  for (const x of samples) {
    if (x.variant !== id) continue;
    const base = samples.find((s) => s.variant === baseline && s.pair === x.pair);
    if (base) ratios.push(value(x) / value(base));
  }
  return ratios;
}

/**
 * The samples of a run seen by variant: `ratios` are paired ratios against a baseline,
 * none when the baseline was not among the chosen variants.
 */
export function comparison<S extends PairedSample & { rps: number }>(
  samples: readonly S[],
  chosen: readonly { id: string }[],
) {
  const has = (id: string) => chosen.some((v) => v.id === id);
  const ratios = (id: string, baseline: string, value: (sample: S) => number) =>
    has(baseline) ? pairedRatios(samples, id, baseline, value) : [];
  return {
    has,
    of: (id: string) => samples.filter((s) => s.variant === id),
    ratios,
    /** Median of the paired rps ratios. */
    rpsRatio: (id: string, baseline: string) => median(ratios(id, baseline, (s) => s.rps)),
  };
}

export interface TargetCheck {
  target: string;
  figure: number;
  met: boolean;
}

export function atLeast(target: string, figure: number, threshold: number): TargetCheck {
  return { target, figure, met: figure >= threshold };
}

export function atMost(target: string, figure: number, threshold: number): TargetCheck {
  return { target, figure, met: figure <= threshold };
}

export function printTargets(targets: readonly TargetCheck[]): void {
  for (const t of targets) console.log(`  ${t.met ? 'met    ' : 'NOT MET'} ${t.target}: ${fmt(t.figure, 3)}`);
}

export function machine() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout.
  }
  return { node: process.version, cpu: cpus()[0]?.model, cpus: cpus().length, loadavg: loadavg(), commit };
}

/** Writes bench/results/<scenario>-<start time>.json and returns its path. */
export function writeResults(scenario: string, startedAt: Date, payload: Record<string, unknown>): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${scenario}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const body = { scenario, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), ...payload };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
