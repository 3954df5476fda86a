// Which span is current while a handler's callbacks run, for log lines, client calls and
// users' spans. Two ways, chosen once per createObservability:
// - the application registered an OpenTelemetry context manager: the call's span is made
//   the active span of the context API itself, so the application's tracers, its HTTP
//   instrumentation and kansoku all see one context and the innermost span, whoever
//   started it;
// - it did not: an AsyncLocalStorage of kansoku's own (one per createObservability) holds
//   the call's scope, as cheap as before and registering nothing global.
import { AsyncLocalStorage } from 'node:async_hooks';
import { context as api, type Context, type Span, trace } from '@opentelemetry/api';

export interface CallScope {
  /** The OpenTelemetry context holding the span: the parent of spans started inside it. */
  readonly context: Context;
  readonly traceId: string;
  readonly spanId: string;
}

/** The ids a log line written now carries. */
export interface ActiveIds {
  readonly traceId: string;
  readonly spanId: string;
}

export interface CallContext {
  /** True when it is the context API's own (a global context manager is registered). */
  readonly global: boolean;
  /** Calls fn(a, b) with `scope`'s span current. No closure is made per call. */
  run<A, B, R>(scope: CallScope, fn: (a: A, b: B) => R, a: A, b: B): R;
  /** The context a span or client call started now has as its parent. */
  active(): Context;
  /** The ids of the innermost current span, if any. */
  activeIds(): ActiveIds | undefined;
}

/**
 * The scope of a span started in `parent`. The context is built only when something asks
 * for it (a client call or a user's span inside the handler, or the global context
 * manager); most calls of a service without one never do.
 */
export function spanScope(parent: Context, span: Span): CallScope {
  return new SpanScope(parent, span);
}

class SpanScope implements CallScope {
  readonly traceId: string;
  readonly spanId: string;
  private built: Context | undefined;

  constructor(
    private readonly parent: Context,
    private readonly span: Span,
  ) {
    const sc = span.spanContext();
    this.traceId = sc.traceId;
    this.spanId = sc.spanId;
  }

  get context(): Context {
    this.built ??= trace.setSpan(this.parent, this.span);
    return this.built;
  }
}

/** kansoku's own storage: nothing global is registered or read. */
class OwnCallContext implements CallContext {
  readonly global = false;
  private readonly storage = new AsyncLocalStorage<CallScope>();

  run<A, B, R>(scope: CallScope, fn: (a: A, b: B) => R, a: A, b: B): R {
    return this.storage.run(scope, fn, a, b);
  }

  active(): Context {
    return this.storage.getStore()?.context ?? api.active();
  }

  activeIds(): ActiveIds | undefined {
    return this.storage.getStore();
  }
}

/** The context API's, backed by the application's context manager. */
class GlobalCallContext implements CallContext {
  readonly global = true;

  run<A, B, R>(scope: CallScope, fn: (a: A, b: B) => R, a: A, b: B): R {
    return api.with(scope.context, fn, undefined, a, b);
  }

  active(): Context {
    return api.active();
  }

  activeIds(): ActiveIds | undefined {
    const sc = trace.getSpanContext(api.active());
    return sc !== undefined && trace.isSpanContextValid(sc) ? sc : undefined;
  }
}

const PROBE = Symbol('kansoku context probe');

/**
 * True when a global context manager is registered: only then does a value set with
 * context.with() come back from context.active() (the API's default manager forgets it).
 */
export function contextManagerRegistered(): boolean {
  const probe = api.active().setValue(PROBE, true);
  return api.with(probe, () => api.active().getValue(PROBE) === true);
}

/** The context API when the application registered a context manager, else kansoku's own storage. */
export function createCallContext(): CallContext {
  return contextManagerRegistered() ? new GlobalCallContext() : new OwnCallContext();
}
