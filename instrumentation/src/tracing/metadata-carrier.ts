// W3C trace context travels in gRPC metadata (traceparent, tracestate). Incoming headers
// are parsed by OpenTelemetry's W3C propagator through the getter; outgoing ones are
// written directly, which spares a context object per client call.
import type { Metadata } from '@grpc/grpc-js';
import type { SpanContext, TextMapGetter } from '@opentelemetry/api';

export const metadataGetter: TextMapGetter<Metadata> = {
  keys: (metadata) => Object.keys(metadata.getMap()),
  get(metadata, key) {
    const values = metadata.get(key);
    if (values.length === 0) return undefined;
    return values.length === 1 ? String(values[0]) : values.map(String);
  },
};

/** Sets traceparent (and tracestate, when there is one) for a call whose span has this context. */
export function injectTraceContext(metadata: Metadata, sc: SpanContext): void {
  metadata.set('traceparent', `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`);
  const state = sc.traceState?.serialize();
  if (state) metadata.set('tracestate', state);
}
