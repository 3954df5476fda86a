// PromQL of the Go runtime dashboard: client_golang's default Go and process collectors, which
// a Go gRPC service exports beside go-grpc-middleware's families. One line per pod.
import { METRICS } from '@kansoku/instrumentation';
import { m } from '../../../src/catalog/index.js';
import type { DashboardContext } from '../context.js';
import { maxBy, RANGE, rate, series, sumBy } from '../promql.js';
import { runtimeScope } from '../runtime.js';

export function goRuntimeQueries(ctx: DashboardContext) {
  const { scope, perPod } = runtimeScope(ctx);
  const gauge = (metric: string) => maxBy(perPod, series(metric, scope));
  // process_* has the same names in Node.js (prom-client) and Go: keep the pods that run Go.
  const goOnly = (expr: string) => `${expr} and on (${perPod.join(', ')}) ${gauge(m('go_info'))}`;
  return {
    perPod,
    versions: () => sumBy(['version'], series(m('go_info'), scope)),
    processes: () => `count(${gauge(m('go_info'))})`,
    restartsInRange: () =>
      sumBy([], goOnly(maxBy(perPod, `changes(${series(METRICS.processStartTime.name, scope)}[${RANGE}])`))),
    goroutines: () => gauge(m('go_goroutines')),
    threads: () => gauge(m('go_threads')),
    heapInUse: () => gauge(m('go_memstats_heap_inuse_bytes')),
    nextGc: () => gauge(m('go_memstats_next_gc_bytes')),
    sys: () => gauge(m('go_memstats_sys_bytes')),
    rss: () => goOnly(gauge(METRICS.processResidentMemory.name)),
    allocRate: () => sumBy(perPod, rate(series(m('go_memstats_alloc_bytes_total'), scope))),
    // Prometheus 3 stores a summary's quantile as "1.0", older servers as written ("1").
    gcPauseMax: () => maxBy(perPod, series(m('go_gc_duration_seconds'), scope, 'quantile=~"1|1.0"')),
    gcRate: () => sumBy(perPod, rate(series(`${m('go_gc_duration_seconds')}_count`, scope))),
    /** Seconds paused for GC per second. */
    gcTimeShare: () => sumBy(perPod, rate(series(`${m('go_gc_duration_seconds')}_sum`, scope))),
    cpu: () => goOnly(sumBy(perPod, rate(series(METRICS.processCpuSeconds.name, scope)))),
    fdsUsedRatio: () => goOnly(`${gauge(METRICS.processOpenFds.name)} / ${gauge(METRICS.processMaxFds.name)}`),
  };
}
