// One real Jaeger v2 for a benchmark run (test/services/jaeger.ts starts it), the check
// that a tracing variant's spans really arrived (without them the comparison would be
// against instrumentation that did nothing), and the CPU the collector itself takes.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JaegerService } from '../../test/services/jaeger.js';

/** The run's Jaeger, and the CPU seconds (user + system) it has used so far. */
export interface BenchJaeger extends JaegerService {
  /** Read around each burst: how much of the machine's two cores the collector took meanwhile. */
  cpuSeconds(): number;
}

export async function startBenchJaeger(): Promise<BenchJaeger> {
  // The test helpers record every service they start so that `npm test` can prove it left
  // nothing behind; a benchmark running beside a test run must not show up in that list.
  // The registry folder is read when the helpers load, hence the late imports.
  process.env.KANSOKU_PROCESS_REGISTRY ??= join(tmpdir(), 'kansoku-bench-processes');
  const { startJaeger } = await import('../../test/services/jaeger.js');
  const { procStat } = await import('../../test/services/registry.js');
  const jaeger = await startJaeger();
  return Object.assign(jaeger, { cpuSeconds: () => procStat(jaeger.process.pid)?.cpuSeconds ?? Number.NaN });
}

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
