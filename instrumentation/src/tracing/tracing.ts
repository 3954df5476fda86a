// The tracing of one createObservability, which never registers anything globally. Where
// kansoku's spans are made and exported, chosen once, at construction:
// 1. tracing.provider: through that OpenTelemetry TracerProvider (the application's);
// 2. tracing.exporter (a standard SpanExporter): through an SDK provider of kansoku's own
//    with a batch span processor around that exporter;
// 3. a TracerProvider the application registered globally: through it;
// 4. otherwise the built-in pipeline: kansoku's own tracer, sampler and bounded batch
//    export over OTLP (gRPC, or HTTP with protobuf bodies), or to tracing.encodedExporter.
// The exporters' clients are their own and never get the library's interceptors, so their
// Export calls are not traced or counted.
import type { TextMapPropagator, Tracer, TracerProvider } from '@opentelemetry/api';
import type { CallContext } from '../call-scope.js';
import type { ResolvedTracing } from '../resolve-options.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../version.js';
import { BoundedBatchSpanProcessor, type DropReason } from './bounded-batch-processor.js';
import { IdGenerator } from './ids.js';
import { createTraceEncoder } from './otlp/encode-traces.js';
import { createOtlpGrpcExporter } from './otlp/grpc-exporter.js';
import { createOtlpHttpExporter } from './otlp/http-exporter.js';
import { createPropagator } from './propagator.js';
import {
  type CallTracer,
  exporterName,
  libraryTracer,
  ownProvider,
  ProviderCallTracer,
  registeredTracerProvider,
} from './provider.js';
import { createSampler } from './sampler.js';
import { ScopedTracer } from './scoped-tracer.js';
import { KansokuTracer } from './tracer.js';

/** Which of the four ways above spans take. */
export type TracingPipeline = 'provider' | 'exporter' | 'global-provider' | 'builtin';

export interface Tracing {
  pipeline: TracingPipeline;
  /** Starts the interceptors' call spans. */
  callTracer: CallTracer;
  /** obs.tracer: spans of the application's own, children of the current call's span. */
  tracer: Tracer;
  propagator: TextMapPropagator;
  /** Where spans are exported to, as an export error names it. */
  exportTarget: string;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingHooks {
  onDrop(reason: DropReason, count: number): void;
  onExported(count: number): void;
  onExportError(error: unknown): void;
}

export function createTracing(
  options: ResolvedTracing,
  resource: Record<string, string>,
  callContext: CallContext,
  hooks: TracingHooks,
): Tracing {
  const propagator = createPropagator(options.propagators);
  let use: ProviderUse | undefined;
  if (options.provider !== undefined) {
    use = { pipeline: 'provider', provider: options.provider, owned: false, exportTarget: 'the tracing.provider' };
  } else if (options.exporter !== undefined) {
    use = {
      pipeline: 'exporter',
      provider: ownProvider({ ...options, exporter: options.exporter, resource, onExportError: hooks.onExportError }),
      owned: true,
      exportTarget: `${exporterName(options.exporter)} (tracing.exporter)`,
    };
  } else if (options.encodedExporter === undefined) {
    const registered = registeredTracerProvider();
    if (registered !== undefined) {
      const exportTarget = "the application's global TracerProvider";
      use = { pipeline: 'global-provider', provider: registered, owned: false, exportTarget };
    }
  }
  if (use !== undefined) return throughProvider(use, propagator, callContext, hooks);
  return builtin(options, resource, callContext, hooks, propagator);
}

interface Flushable {
  forceFlush?(): Promise<void>;
  shutdown?(): Promise<void>;
}

interface ProviderUse {
  pipeline: TracingPipeline;
  provider: TracerProvider;
  /** kansoku built it (tracing.exporter), so kansoku shuts it down. */
  owned: boolean;
  exportTarget: string;
}

/**
 * Spans made by a provider's tracer. A provider that is the application's is flushed by
 * obs.flush() but never shut down by kansoku: the application owns it. A failed flush is
 * reported, never thrown at the caller (kansoku's own provider reported the export's error
 * already).
 */
function throughProvider(
  use: ProviderUse,
  propagator: TextMapPropagator,
  callContext: CallContext,
  hooks: TracingHooks,
): Tracing {
  const tracer = libraryTracer(use.provider);
  const flushable = use.provider as Flushable;
  const forceFlush = async () => {
    try {
      await flushable.forceFlush?.();
    } catch (error) {
      if (!use.owned) hooks.onExportError(error);
    }
  };
  let shutdown: Promise<void> | undefined;
  return {
    pipeline: use.pipeline,
    callTracer: new ProviderCallTracer(tracer),
    tracer: new ScopedTracer(tracer, callContext),
    propagator,
    exportTarget: use.exportTarget,
    forceFlush,
    shutdown() {
      shutdown ??= use.owned ? (flushable.shutdown?.() ?? Promise.resolve()) : forceFlush();
      return shutdown;
    },
  };
}

function builtin(
  options: ResolvedTracing,
  resource: Record<string, string>,
  callContext: CallContext,
  hooks: TracingHooks,
  propagator: TextMapPropagator,
): Tracing {
  const target = {
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    compression: options.compression,
    tls: options.tls,
  };
  const exporter =
    options.encodedExporter ??
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
  });
  let shutdown: Promise<void> | undefined;
  return {
    pipeline: 'builtin',
    callTracer: tracer,
    tracer: new ScopedTracer(tracer, callContext),
    propagator,
    exportTarget:
      options.encodedExporter === undefined
        ? options.endpoint
        : `${exporterName(options.encodedExporter)} (tracing.encodedExporter)`,
    forceFlush: () => processor.forceFlush(),
    shutdown() {
      shutdown ??= processor.shutdown();
      return shutdown;
    },
  };
}
