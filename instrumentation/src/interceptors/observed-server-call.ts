// One observed server call: the interceptor's answer to grpc-js, and the listener grpc-js
// calls back, in one object with its methods on the prototype. grpc-js's own
// ServerInterceptingCall would do the same job with a responder object, a listener object
// and seven closures per call, then copy both and wrap the listener again: garbage on every
// call of a service, for work that is a few counter updates. Everything here runs
// synchronously, so none of that class's queueing for asynchronous interceptors is needed.
//
// It implements grpc-js's ServerInterceptingCallInterface by delegating to the next call.
// A grpc-js release that adds a method to that interface adds it to ServerInterceptingCall
// too; observedCallClass() notices and returns a subclass that passes such methods through.
import {
  type Deadline,
  type Metadata,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerMethodDefinition,
} from '@grpc/grpc-js';
import type { CallScope } from '../call-scope.js';
import type { CallRecord } from './call-record.js';
import type { InterceptorDeps } from './deps.js';

// grpc-js does not export these types by name; they are read off the interface.
type Call = ServerInterceptingCallInterface;
type InterceptingServerListener = Parameters<Call['start']>[0];
type PartialStatusObject = Parameters<Call['sendStatus']>[0];
type AuthContext = ReturnType<Call['getAuthContext']>;
type ConnectionInfo = ReturnType<Call['getConnectionInfo']>;
type MetricsRecorder = ReturnType<Call['getMetricsRecorder']>;

/** What the call does when it starts and ends; the interceptor supplies it once. */
export interface ServerCallHooks {
  /** Called with the request metadata; returns the scope handlers of this call run in, if any. */
  begin(
    record: CallRecord,
    call: ServerInterceptingCallInterface,
    metadata: Metadata,
    path: string,
  ): CallScope | undefined;
  /** Called when grpc-js reports a cancel (which it also does after every finished call). */
  cancelled(record: CallRecord, call: ServerInterceptingCallInterface): void;
}

export class ObservedServerCall implements ServerInterceptingCallInterface, InterceptingServerListener {
  private listener: InterceptingServerListener | undefined;
  private callScope: CallScope | undefined;

  /** Unary handlers run in onReceiveHalfClose only; streaming ones from the metadata on. */
  private readonly streaming: boolean;

  constructor(
    protected readonly next: ServerInterceptingCallInterface,
    private readonly descriptor: ServerMethodDefinition<unknown, unknown>,
    private readonly record: CallRecord,
    private readonly hooks: ServerCallHooks,
    private readonly scope: InterceptorDeps['scope'],
  ) {
    this.streaming = descriptor.requestStream || descriptor.responseStream;
  }

  // --- the call, as the next interceptor or grpc-js's handler sees it ---

  start(listener: InterceptingServerListener): void {
    this.listener = listener;
    this.next.start(this);
  }

  sendMetadata(metadata: Metadata): void {
    this.next.sendMetadata(metadata);
  }

  sendMessage(message: unknown, callback: () => void): void {
    this.record.countSent();
    this.next.sendMessage(message, callback);
  }

  // The span and the access line are finished once the status is on its way, so that
  // their duration covers sending it; a cancel grpc-js reports meanwhile does not end them.
  sendStatus(status: PartialStatusObject): void {
    this.record.sendingStatus = true;
    try {
      this.next.sendStatus(status);
    } finally {
      this.record.finish(status.code, status.details);
    }
  }

  startRead(): void {
    this.next.startRead();
  }

  getPeer(): string {
    return this.next.getPeer();
  }

  getDeadline(): Deadline {
    return this.next.getDeadline();
  }

  getHost(): string {
    return this.next.getHost();
  }

  getAuthContext(): AuthContext {
    return this.next.getAuthContext();
  }

  getConnectionInfo(): ConnectionInfo {
    return this.next.getConnectionInfo();
  }

  getMetricsRecorder(): MetricsRecorder {
    return this.next.getMetricsRecorder();
  }

  // --- the listener, as the next call reports the request to it ---

  onReceiveMetadata(metadata: Metadata): void {
    const listener = this.listener as InterceptingServerListener;
    this.callScope = this.hooks.begin(this.record, this.next, metadata, this.descriptor.path);
    if (this.streaming && this.callScope !== undefined && this.scope !== undefined) {
      this.scope.run(this.callScope, receiveMetadata, listener, metadata);
    } else listener.onReceiveMetadata(metadata);
  }

  onReceiveMessage(message: unknown): void {
    const listener = this.listener as InterceptingServerListener;
    this.record.countReceived();
    if (this.streaming && this.callScope !== undefined && this.scope !== undefined) {
      this.scope.run(this.callScope, receiveMessage, listener, message);
    } else listener.onReceiveMessage(message);
  }

  onReceiveHalfClose(): void {
    const listener = this.listener as InterceptingServerListener;
    if (this.callScope !== undefined && this.scope !== undefined) {
      this.scope.run(this.callScope, receiveHalfClose, listener, undefined);
    } else listener.onReceiveHalfClose();
  }

  onCancel(): void {
    this.hooks.cancelled(this.record, this.next);
    this.listener?.onCancel();
  }
}

// Passed to the call context's run with their arguments, so that no closure is made per call.
const receiveMetadata = (l: InterceptingServerListener, metadata: Metadata) => l.onReceiveMetadata(metadata);
const receiveMessage = (l: InterceptingServerListener, message: unknown) => l.onReceiveMessage(message);
const receiveHalfClose = (l: InterceptingServerListener, _: undefined) => l.onReceiveHalfClose();

/**
 * ObservedServerCall, or when this grpc-js's ServerInterceptingCall has public methods it
 * lacks (a newer interface), a subclass that passes those through to the next call.
 * grpc-js's private helpers are named process* and are not part of the interface.
 */
export function observedCallClass(reference: object = ServerInterceptingCall.prototype): typeof ObservedServerCall {
  const ours = ObservedServerCall.prototype as unknown as Record<string, unknown>;
  const missing = Object.getOwnPropertyNames(reference).filter(
    (name) => name !== 'constructor' && !name.startsWith('process') && typeof ours[name] !== 'function',
  );
  if (missing.length === 0) return ObservedServerCall;
  class PassingThrough extends ObservedServerCall {}
  for (const name of missing) {
    Object.defineProperty(PassingThrough.prototype, name, {
      value(this: { next: Record<string, (...args: unknown[]) => unknown> }, ...args: unknown[]) {
        return this.next[name]?.(...args);
      },
    });
  }
  return PassingThrough;
}
