// The variants issue #3 compares, in the order they are reported. Every scenario that
// runs them takes them from here, so (c) means the same thing in every table.
export interface VariantEntry {
  id: string;
  name: string;
  /** Its file, relative to the repository root; started with the role as first argument. */
  file: string;
  /** Service name its spans carry in Jaeger, when it traces. */
  traceService?: string;
  /** Environment the variant's process gets on top of the run's. */
  env?: Record<string, string>;
}

export const VARIANTS: VariantEntry[] = [
  { id: 'a', name: 'bare grpc-js', file: 'bench/variants/bare.ts' },
  // Not in issue #3's list (run it with --variants a,p,b,...): grpc-js's interceptor path alone.
  { id: 'p', name: 'grpc-js + pass-through interceptor', file: 'bench/variants/passthrough-interceptor.ts' },
  { id: 'b', name: 'kansoku: metrics', file: 'bench/variants/kansoku-metrics.ts' },
  {
    id: 'c',
    name: 'kansoku: metrics + tracing 100% + logs',
    file: 'bench/variants/kansoku-full.ts',
    traceService: 'bench-kansoku-full',
  },
  // Not in issue #3's list: (c) with the access log's default, a line for every call.
  {
    id: 'l',
    name: 'kansoku: (c) with every call in the access log',
    file: 'bench/variants/kansoku-full.ts',
    traceService: 'bench-kansoku-full',
    env: { KANSOKU_BENCH_ACCESS_LOG_RATIO: '1' },
  },
  // Not in issue #3's list: (c) with its spans encoded but not sent, so no collector shares
  // the machine; the difference to (c) is what the collector's CPU takes from the run.
  {
    id: 'n',
    name: 'kansoku: (c) with spans encoded, not sent',
    file: 'bench/variants/kansoku-full.ts',
    env: { KANSOKU_BENCH_EXPORT: 'discard' },
  },
  // Issue 8: (c) with an application's context manager registered, so each call's span is
  // also the context API's active span; the difference to (c) is what that costs.
  {
    id: 'x',
    name: 'kansoku: (c) with a global context manager registered',
    file: 'bench/variants/kansoku-full.ts',
    traceService: 'bench-kansoku-full',
    env: { KANSOKU_BENCH_CONTEXT_MANAGER: '1' },
  },
  // Issue 8: kansoku's spans made and exported by the official SDK registered globally.
  {
    id: 'e',
    name: 'kansoku: metrics + logs, spans through a registered OTel SDK provider',
    file: 'bench/variants/kansoku-sdk.ts',
    traceService: 'bench-kansoku-sdk',
  },
  {
    id: 'd',
    name: 'OTel SDK + instrumentation-grpc',
    file: 'bench/variants/otel-sdk.ts',
    traceService: 'bench-otel-sdk',
  },
];

/** The variants named in a comma-separated list of letters, e.g. "a,b". */
export function chooseVariants(list: string): VariantEntry[] {
  return list.split(',').map((id) => {
    const variant = VARIANTS.find((v) => v.id === id.trim());
    if (!variant)
      throw new Error(`--variants: unknown variant "${id}" (known: ${VARIANTS.map((v) => v.id).join(', ')})`);
    return variant;
  });
}
