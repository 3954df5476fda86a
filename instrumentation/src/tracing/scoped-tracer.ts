// obs.tracer: the API's Tracer over whichever tracer makes kansoku's spans (its own, or an
// SDK provider's), whose spans started without an explicit context are children of the
// current span of the call context (call-scope.ts), and whose startActiveSpan makes the
// span current there, for log lines and client calls, with or without a global context
// manager.
import type { Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { type CallContext, spanScope } from '../call-scope.js';

type ActiveFn<F> = (span: Span) => F;

export interface SpanStarter {
  startSpan(name: string, options: SpanOptions | undefined, context: Context): Span;
}

export class ScopedTracer implements Tracer {
  constructor(
    private readonly inner: SpanStarter,
    private readonly callContext: CallContext,
  ) {}

  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    return this.inner.startSpan(name, options, context ?? this.callContext.active());
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
    const options = typeof a === 'object' ? a : undefined;
    const parentContext = typeof b === 'object' ? b : this.callContext.active();
    const span = this.inner.startSpan(name, options, parentContext);
    return this.callContext.run(spanScope(parentContext, span), fn, span, undefined) as ReturnType<F>;
  }
}
