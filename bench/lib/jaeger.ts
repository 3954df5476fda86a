// One real Jaeger v2 for a benchmark run (test/services/jaeger.ts starts it), the check
// that a tracing variant's spans really arrived (without them the comparison would be
// against instrumentation that did nothing), and the CPU the collector itself takes.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JaegerService } from '../../test/services/jaeger.js';

export async function startBenchJaeger(): Promise<JaegerService> {
  // The test helpers record every service they start so that `npm test` can prove it left
  // nothing behind; a benchmark running beside a test run must not show up in that list.
  // The registry folder is read when the helpers load, hence the late import.
  process.env.KANSOKU_PROCESS_REGISTRY ??= join(tmpdir(), 'kansoku-bench-processes');
  const { startJaeger } = await import('../../test/services/jaeger.js');
  return startJaeger();
}

/**
 * CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat. Read
 * around each burst, it says how much of the machine's two cores the collector took while
 * a tracing variant was measured.
 */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

// sysconf(_SC_CLK_TCK): 100 on every Linux this runs on (USER_HZ is fixed at 100 for /proc).
const CLOCK_TICKS_PER_SECOND = 100;

export interface TraceCheck {
  /** Traces found for the service, at most the 20 asked for. */
  traces: number;
  operations: string[];
}

/** Up to 20 of the service's traces that started at or after `since`. */
export async function checkTraces(queryUrl: string, service: string, since: Date): Promise<TraceCheck> {
  const window = `&start=${since.getTime() * 1000}&end=${(Date.now() + 60_000) * 1000}`;
  const response = await fetch(`${queryUrl}/api/traces?service=${encodeURIComponent(service)}&limit=20${window}`);
  const body = response.ok
    ? ((await response.json()) as { data: { spans: { operationName: string }[] }[] })
    : undefined;
  const data = body?.data ?? [];
  return {
    traces: data.length,
    operations: [...new Set(data.flatMap((trace) => trace.spans.map((span) => span.operationName)))],
  };
}

/** One line for a tracing variant: the traces found after each of its runs, and their span names. */
export function printTracesFound(id: string, when: string, found: readonly (TraceCheck | undefined)[]): void {
  const operations = [...new Set(found.flatMap((t) => t?.operations ?? []))];
  console.log(
    `jaeger: (${id}) traces found ${when} (asked for 20): ` +
      `${found.map((t) => t?.traces ?? 0).join(', ')}; span names ${JSON.stringify(operations)}`,
  );
}
