// PromQL of the Node.js runtime dashboard: prom-client's default metrics, which
// @kansoku/instrumentation registers on the same registry as the gRPC families. One line
// per pod, since a runtime problem (a blocked event loop, a leak) belongs to one process.
import { METRICS } from '@kansoku/instrumentation';
import type { DashboardContext } from '../context.js';
import { histogramMean, labelOf, maxBy, RANGE, RATE_INTERVAL, rate, series, sumBy } from '../promql.js';
import { runtimeScope } from '../runtime.js';

const SPACE = labelOf(METRICS.nodejsHeapSpaceSizeUsed, 'space');
const GC_KIND = labelOf(METRICS.nodejsGcDuration, 'kind');
const HANDLE_TYPE = labelOf(METRICS.nodejsActiveHandles, 'type');
const REQUEST_TYPE = labelOf(METRICS.nodejsActiveRequests, 'type');
const VERSION = labelOf(METRICS.nodejsVersionInfo, 'version');

export function nodejsRuntimeQueries(ctx: DashboardContext) {
  const { scope, perPod } = runtimeScope(ctx);
  const gauge = (metric: string, by: readonly string[] = perPod) => maxBy(by, series(metric, scope));
  return {
    perPod,
    labels: { space: SPACE, kind: GC_KIND, handleType: HANDLE_TYPE, requestType: REQUEST_TYPE, version: VERSION },
    scope,
    versions: () => sumBy([VERSION], series(METRICS.nodejsVersionInfo.name, scope)),
    processes: () => `count(${series(METRICS.processStartTime.name, scope)})`,
    /** A process start time that changes is a restart, whatever restarted it. */
    restartsInRange: () => sumBy([], `changes(${series(METRICS.processStartTime.name, scope)}[${RANGE}])`),
    restarts: () => sumBy(perPod, `changes(${series(METRICS.processStartTime.name, scope)}[${RATE_INTERVAL}])`),
    uptime: () => `time() - ${gauge(METRICS.processStartTime.name)}`,
    lag: (which: 'p50' | 'p90' | 'p99' | 'max' | 'mean') =>
      gauge(
        {
          p50: METRICS.nodejsEventloopLagP50.name,
          p90: METRICS.nodejsEventloopLagP90.name,
          p99: METRICS.nodejsEventloopLagP99.name,
          max: METRICS.nodejsEventloopLagMax.name,
          mean: METRICS.nodejsEventloopLagMean.name,
        }[which],
      ),
    worstLagP99: () => `max(${series(METRICS.nodejsEventloopLagP99.name, scope)})`,
    rss: () => gauge(METRICS.processResidentMemory.name),
    heapUsed: () => gauge(METRICS.nodejsHeapSizeUsed.name),
    heapTotal: () => gauge(METRICS.nodejsHeapSizeTotal.name),
    external: () => gauge(METRICS.nodejsExternalMemory.name),
    heapSpaceUsed: () => sumBy([SPACE], series(METRICS.nodejsHeapSpaceSizeUsed.name, scope)),
    heapSpaceUsedRatio: () =>
      `${sumBy([SPACE], series(METRICS.nodejsHeapSpaceSizeUsed.name, scope))} / ${sumBy([SPACE], series(METRICS.nodejsHeapSpaceSizeTotal.name, scope))}`,
    gcRate: () => sumBy([...perPod, GC_KIND], rate(series(`${METRICS.nodejsGcDuration.name}_count`, scope))),
    /** Seconds spent in GC per second: the share of time the process was paused for GC. */
    gcTimeShare: () => sumBy(perPod, rate(series(`${METRICS.nodejsGcDuration.name}_sum`, scope))),
    gcMeanPause: () => histogramMean(METRICS.nodejsGcDuration.name, [GC_KIND], scope),
    cpu: (mode: 'user' | 'system') =>
      sumBy(
        perPod,
        rate(
          series(mode === 'user' ? METRICS.processCpuUserSeconds.name : METRICS.processCpuSystemSeconds.name, scope),
        ),
      ),
    cpuTotal: () => sumBy(perPod, rate(series(METRICS.processCpuSeconds.name, scope))),
    handlesByType: () => sumBy([HANDLE_TYPE], series(METRICS.nodejsActiveHandles.name, scope)),
    requestsByType: () => sumBy([REQUEST_TYPE], series(METRICS.nodejsActiveRequests.name, scope)),
    resourcesTotal: () => gauge(METRICS.nodejsActiveResourcesTotal.name),
    openFds: () => gauge(METRICS.processOpenFds.name),
    fdsUsedRatio: () => `${gauge(METRICS.processOpenFds.name)} / ${gauge(METRICS.processMaxFds.name)}`,
  };
}
