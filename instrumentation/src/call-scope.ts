// What a log line written inside a handler needs to know about the call it is in. The
// server interceptor runs the handler's callbacks inside an AsyncLocalStorage of its own
// (one per createObservability), so no global context manager is registered.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';

export interface CallScope {
  /** The OpenTelemetry context holding the call's span: the parent of client calls made from the handler. */
  readonly context: Context;
  readonly traceId: string;
  readonly spanId: string;
}

export type CallScopeStorage = AsyncLocalStorage<CallScope>;

export function createCallScopeStorage(): CallScopeStorage {
  return new AsyncLocalStorage<CallScope>();
}
