// What a log line or a client call inside a handler needs to know about the span it is in.
// The server interceptor runs the handler's callbacks inside an AsyncLocalStorage of its own
// (one per createObservability), so no global context manager is registered.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, type Span, trace } from '@opentelemetry/api';

export interface CallScope {
  /** The OpenTelemetry context holding the span: the parent of spans started inside it. */
  readonly context: Context;
  readonly traceId: string;
  readonly spanId: string;
}

export type CallScopeStorage = AsyncLocalStorage<CallScope>;

export function createCallScopeStorage(): CallScopeStorage {
  return new AsyncLocalStorage<CallScope>();
}

/**
 * The scope of a span started in `parent`. The context is built only when something asks
 * for it (a client call or a user's span inside the handler); most calls never do.
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
