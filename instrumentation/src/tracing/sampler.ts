// Which new spans are recorded and exported. The same rules as the OpenTelemetry SDK's
// samplers that OTEL_TRACES_SAMPLER names: parent-based follows the parent's sampled flag
// when there is a parent; otherwise a ratio decides from the trace id exactly as the
// JavaScript SDK's TraceIdRatioBasedSampler does, so a service running kansoku and one
// running the SDK with the same ratio keep or drop the same traces.
import { type SpanContext, TraceFlags } from '@opentelemetry/api';
import type { SamplerSetting } from '../otel-env.js';

export type Sampler = (parent: SpanContext | undefined, traceId: string) => boolean;

/**
 * The SDK's reading of a trace id: its four 32-bit words (8 hex digits each) XORed
 * together, as an unsigned number. Trace ids here are always 32 lowercase hex digits.
 */
export function traceIdWord(traceId: string): number {
  let acc = 0;
  for (let i = 0; i < 32; i += 8) acc ^= Number.parseInt(traceId.slice(i, i + 8), 16);
  return acc >>> 0;
}

/** The SDK's bound: a trace is kept when its word is below floor(ratio × (2^32 − 1)). */
export function ratioUpperBound(ratio: number): number {
  return ratio >= 1 ? 0x100000000 : ratio <= 0 ? 0 : Math.floor(ratio * 0xffffffff);
}

export function createSampler(setting: SamplerSetting): Sampler {
  const { ratio, parentBased } = setting;
  const bound = ratioUpperBound(ratio);
  const byTraceId: (traceId: string) => boolean =
    ratio >= 1 ? () => true : ratio <= 0 ? () => false : (traceId) => traceIdWord(traceId) < bound;
  if (!parentBased) return (_parent, traceId) => byTraceId(traceId);
  return (parent, traceId) =>
    parent === undefined ? byTraceId(traceId) : (parent.traceFlags & TraceFlags.SAMPLED) !== 0;
}
