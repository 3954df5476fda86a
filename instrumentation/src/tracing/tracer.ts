// The library's tracer: an OpenTelemetry API Tracer of its own, not the SDK's. The
// interceptors start one span per call through startCallSpan, which takes the method's
// attributes by reference and no options object; users' spans come through the API's
// startSpan/startActiveSpan. Inside a handler, a span without an explicit parent
// context becomes a child of the call's span (the Observability's own call scope).
import {
  type Attributes,
  context as apiContext,
  type Context,
  type Span,
  type SpanContext,
  SpanKind,
  type SpanOptions,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { type CallScopeStorage, spanScope } from '../call-scope.js';
import type { IdGenerator } from './ids.js';
import type { Sampler } from './sampler.js';
import { RecordingSpan, type SpanLimits, type SpanSink } from './span.js';
import { nowMs, timeInputMs } from './time.js';

export interface TracerDeps {
  ids: IdGenerator;
  sampler: Sampler;
  limits: SpanLimits;
  sink: SpanSink;
  scope: CallScopeStorage | undefined;
}

type ActiveFn<F> = (span: Span) => F;

export class KansokuTracer implements Tracer {
  constructor(private readonly deps: TracerDeps) {}

  /**
   * A call's span: `shared` is the method's attribute object, kept by reference (the
   * exporter encodes it once per method). An unsampled span still gets ids, so that the
   * trace continues downstream and log lines carry them.
   */
  startCallSpan(name: string, kind: SpanKind, shared: Readonly<Attributes>, parent: SpanContext | undefined): Span {
    return this.start(name, kind, parent, shared, nowMs());
  }

  startSpan(name: string, options: SpanOptions = {}, context?: Context): Span {
    const parent = options.root ? undefined : validParent(context ?? this.currentContext());
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

  startActiveSpan<F extends ActiveFn<unknown>>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends ActiveFn<unknown>>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends ActiveFn<unknown>>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends ActiveFn<unknown>>(
    name: string,
    a?: SpanOptions | F,
    b?: Context | F,
    c?: F,
  ): ReturnType<F> {
    const fn = (c ?? (typeof b === 'function' ? b : a)) as F;
    const options = typeof a === 'object' ? a : {};
    const parentContext = typeof b === 'object' ? b : this.currentContext();
    const span = this.startSpan(name, options, parentContext);
    const active = trace.setSpan(parentContext, span);
    // Active for the library's own scope (log lines, client calls) and for a global
    // context manager, if the application registered one.
    return apiContext.with(active, () => {
      const scope = this.deps.scope;
      return (scope === undefined ? fn(span) : scope.run(spanScope(parentContext, span), fn, span)) as ReturnType<F>;
    });
  }

  private currentContext(): Context {
    return this.deps.scope?.getStore()?.context ?? apiContext.active();
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
