// What a kansoku variant says about itself after a run, read from its own registry: the
// spans it dropped and the failures inside the instrumentation. Either being non-zero
// would make its numbers look better than the work it actually did.
import { METRICS } from '@kansoku/instrumentation';
import type { Registry } from 'prom-client';

export async function kansokuSelfReport(registry: Registry): Promise<Record<string, unknown>> {
  const total = async (name: string) => {
    const metric = await registry.getSingleMetric(name)?.get();
    return metric ? metric.values.reduce((sum, value) => sum + value.value, 0) : 'not registered';
  };
  return {
    droppedSpans: await total(METRICS.spansDropped.name),
    instrumentationErrors: await total(METRICS.instrumentationErrors.name),
  };
}
