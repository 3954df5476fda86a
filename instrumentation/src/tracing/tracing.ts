// The tracer the interceptors use, built per createObservability call and never
// registered globally: its own provider, sampler, resource and bounded batch export
// over OTLP/gRPC. The exporter's own gRPC client is built by the exporter and never
// given the library's interceptors, so its Export calls are not traced or counted.
import type { Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { SamplerSetting } from '../otel-env.js';
import type { ResolvedTracing } from '../resolve-options.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../version.js';
import { BoundedBatchSpanProcessor, type DropReason } from './bounded-batch-processor.js';

export interface Tracing {
  tracer: Tracer;
  propagator: W3CTraceContextPropagator;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingHooks {
  onDrop(reason: DropReason, count: number): void;
  onExportError(error: unknown): void;
}

function sampler(setting: SamplerSetting): Sampler {
  const root =
    setting.ratio >= 1
      ? new AlwaysOnSampler()
      : setting.ratio <= 0
        ? new AlwaysOffSampler()
        : new TraceIdRatioBasedSampler(setting.ratio);
  return setting.parentBased ? new ParentBasedSampler({ root }) : root;
}

export function createTracing(
  options: ResolvedTracing,
  resource: Record<string, string>,
  hooks: TracingHooks,
): Tracing {
  const exporter =
    options.exporter ?? new OTLPTraceExporter({ url: options.endpoint, timeoutMillis: options.exportTimeoutMs });
  const processor = new BoundedBatchSpanProcessor(exporter, { ...options, ...hooks });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    sampler: sampler(options.sampler),
    spanProcessors: [processor],
  });
  let shutdown: Promise<void> | undefined;
  return {
    tracer: provider.getTracer(LIBRARY_NAME, LIBRARY_VERSION),
    propagator: new W3CTraceContextPropagator(),
    forceFlush: () => processor.forceFlush(),
    shutdown() {
      shutdown ??= provider.shutdown();
      return shutdown;
    },
  };
}
