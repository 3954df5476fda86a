// Trace context and baggage travel in gRPC metadata, read and written by whichever
// propagator is in use (tracing/propagator.ts). grpc-js lower-cases metadata keys, as
// HTTP/2 does, so B3's X-B3-* headers and traceparent are found whatever their spelling.
import type { Metadata } from '@grpc/grpc-js';
import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

export const metadataGetter: TextMapGetter<Metadata> = {
  keys: (metadata) => Object.keys(metadata.getMap()),
  get(metadata, key) {
    const values = metadata.get(key);
    if (values.length === 0) return undefined;
    return values.length === 1 ? String(values[0]) : values.map(String);
  },
};

export const metadataSetter: TextMapSetter<Metadata> = {
  set(metadata, key, value) {
    metadata.set(key, value);
  },
};
