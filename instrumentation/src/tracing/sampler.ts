// Which new spans are recorded and exported. The same rules as the OpenTelemetry SDK's
// samplers that OTEL_TRACES_SAMPLER names: parent-based follows the parent's sampled flag
// when there is a parent; otherwise a ratio decides from the trace id, so every service
// using the same ratio keeps or drops the same traces.
import { type SpanContext, TraceFlags } from '@opentelemetry/api';
import type { SamplerSetting } from '../otel-env.js';

export type Sampler = (parent: SpanContext | undefined, traceId: string) => boolean;

// The ratio compares the trace id's last 13 hex digits (52 random bits, exact in a double).
const RANDOM_DIGITS = 13;
const RANDOM_RANGE = 2 ** (RANDOM_DIGITS * 4);

export function createSampler(setting: SamplerSetting): Sampler {
  const { ratio, parentBased } = setting;
  const byTraceId: (traceId: string) => boolean =
    ratio >= 1
      ? () => true
      : ratio <= 0
        ? () => false
        : (traceId) => Number.parseInt(traceId.slice(-RANDOM_DIGITS), 16) < ratio * RANDOM_RANGE;
  if (!parentBased) return (_parent, traceId) => byTraceId(traceId);
  return (parent, traceId) =>
    parent === undefined ? byTraceId(traceId) : (parent.traceFlags & TraceFlags.SAMPLED) !== 0;
}
