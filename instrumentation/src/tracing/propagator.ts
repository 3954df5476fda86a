// How trace context crosses a call: the application's global propagator when it set one
// (the same propagator its HTTP instrumentation uses), otherwise the ones OTEL_PROPAGATORS
// names, by default W3C trace context and baggage, as the SDK's default is.
import { type Context, propagation, type TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import type { PropagatorName } from '../otel-env.js';

/** True when the application set a global propagator (the API's default one has no fields). */
export function globalPropagatorSet(): boolean {
  return propagation.fields().length > 0;
}

/** The propagation API itself: it forwards to whatever global propagator is set. */
const GLOBAL: TextMapPropagator = {
  inject: (context, carrier, setter) => propagation.inject(context, carrier, setter),
  extract: (context: Context, carrier, getter) => propagation.extract(context, carrier, getter),
  fields: () => propagation.fields(),
};

function named(name: Exclude<PropagatorName, 'none'>): TextMapPropagator {
  switch (name) {
    case 'tracecontext':
      return new W3CTraceContextPropagator();
    case 'baggage':
      return new W3CBaggagePropagator();
    case 'b3':
      return new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER });
    case 'b3multi':
      return new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
  }
}

/** Decided once, at construction: the global propagator if set, else the named ones. */
export function createPropagator(names: readonly PropagatorName[]): TextMapPropagator {
  if (globalPropagatorSet()) return GLOBAL;
  const propagators = names.filter((n): n is Exclude<PropagatorName, 'none'> => n !== 'none').map(named);
  if (propagators.length === 1) return propagators[0] as TextMapPropagator;
  return new CompositePropagator({ propagators });
}
