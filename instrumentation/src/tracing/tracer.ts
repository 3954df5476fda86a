// The library's own tracer, not the SDK's: it starts the interceptors' call spans through
// startCallSpan, which takes the method's attributes by reference, and users' spans through
// startSpan (obs.tracer wraps it, see scoped-tracer.ts). It is the built-in pipeline's; with
// an OpenTelemetry TracerProvider in use, spans are made by that provider's tracer instead.
import {
  type Attributes,
  context as apiContext,
  type Context,
  type Span,
  type SpanContext,
  SpanKind,
  type SpanOptions,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import type { IdGenerator } from './ids.js';
import type { CallTracer } from './provider.js';
import type { Sampler } from './sampler.js';
import type { SpanStarter } from './scoped-tracer.js';
import { RecordingSpan, type SpanLimits, type SpanSink } from './span.js';
import { nowMs, timeInputMs } from './time.js';

export interface TracerDeps {
  ids: IdGenerator;
  sampler: Sampler;
  limits: SpanLimits;
  sink: SpanSink;
}

export class KansokuTracer implements CallTracer, SpanStarter {
  constructor(private readonly deps: TracerDeps) {}

  /**
   * A call's span: `shared` is the method's attribute object, kept by reference (the
   * exporter encodes it once per method). An unsampled span still gets ids, so that the
   * trace continues downstream and log lines carry them.
   */
  startCallSpan(name: string, kind: SpanKind, shared: Readonly<Attributes>, parent: Context): Span {
    return this.start(name, kind, validParent(parent), shared, nowMs());
  }

  startSpan(name: string, options: SpanOptions = {}, context?: Context): Span {
    const parent = options.root ? undefined : validParent(context ?? apiContext.active());
    const span = this.start(
      name,
      options.kind ?? SpanKind.INTERNAL,
      parent,
      undefined,
      options.startTime === undefined ? nowMs() : timeInputMs(options.startTime),
    );
    if (span instanceof RecordingSpan) {
      if (options.attributes) span.setAttributes(options.attributes);
      if (options.links) span.addLinks(options.links);
    }
    return span;
  }

  private start(
    name: string,
    kind: SpanKind,
    parent: SpanContext | undefined,
    shared: Readonly<Attributes> | undefined,
    startTimeMs: number,
  ): Span {
    const { ids, sampler, limits, sink } = this.deps;
    const traceId = parent?.traceId ?? ids.traceId();
    const sampled = sampler(parent, traceId);
    const context: SpanContext = {
      traceId,
      spanId: ids.spanId(),
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState: parent?.traceState,
    };
    if (!sampled) return trace.wrapSpanContext(context);
    return new RecordingSpan({ context, parent, name, kind, startTimeMs, sharedAttributes: shared }, limits, sink);
  }
}

/** The span context a new span in `context` would be the child of, if it holds a valid one. */
export function validParent(context: Context): SpanContext | undefined {
  const parent = trace.getSpanContext(context);
  return parent !== undefined && trace.isSpanContextValid(parent) ? parent : undefined;
}
