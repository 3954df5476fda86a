// The tracing of one createObservability, never registered globally: its own tracer,
// sampler and bounded batch export over OTLP (gRPC, or HTTP with protobuf bodies). The
// exporters' clients are their own and never get the library's interceptors, so their
// Export calls are not traced or counted.
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { CallScopeStorage } from '../call-scope.js';
import type { ResolvedTracing } from '../resolve-options.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../version.js';
import { BoundedBatchSpanProcessor, type DropReason } from './bounded-batch-processor.js';
import { IdGenerator } from './ids.js';
import { createTraceEncoder } from './otlp/encode-traces.js';
import { createOtlpGrpcExporter } from './otlp/grpc-exporter.js';
import { createOtlpHttpExporter } from './otlp/http-exporter.js';
import { createSampler } from './sampler.js';
import { KansokuTracer } from './tracer.js';

export interface Tracing {
  tracer: KansokuTracer;
  propagator: W3CTraceContextPropagator;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingHooks {
  onDrop(reason: DropReason, count: number): void;
  onExportError(error: unknown): void;
}

export function createTracing(
  options: ResolvedTracing,
  resource: Record<string, string>,
  scope: CallScopeStorage,
  hooks: TracingHooks,
): Tracing {
  const target = {
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    compression: options.compression,
    tls: options.tls,
  };
  const exporter =
    options.exporter ??
    (options.protocol === 'grpc'
      ? createOtlpGrpcExporter({ ...target, endpoint: options.endpoint })
      : createOtlpHttpExporter({ ...target, url: options.endpoint }));
  const encoder = createTraceEncoder(resource, { name: LIBRARY_NAME, version: LIBRARY_VERSION });
  const processor = new BoundedBatchSpanProcessor(encoder, exporter, { ...options, ...hooks });
  const tracer = new KansokuTracer({
    ids: new IdGenerator(),
    sampler: createSampler(options.sampler),
    limits: options.spanLimits,
    sink: processor.onEnd,
    scope,
  });
  let shutdown: Promise<void> | undefined;
  return {
    tracer,
    propagator: new W3CTraceContextPropagator(),
    forceFlush: () => processor.forceFlush(),
    shutdown() {
      shutdown ??= processor.shutdown();
      return shutdown;
    },
  };
}
