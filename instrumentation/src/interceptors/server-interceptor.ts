// The server interceptor (grpc-js 1.11+ (the peer range; 1.10.0 lacks getHost), gRFC L112). grpc-js specifics it handles:
// - A deadline, a bad grpc-timeout and a client cancel end the call without passing
//   through sendStatus; onCancel follows every call, even successful ones (after the
//   status). So the call ends at the first of sendStatus and onCancel, and onCancel on
//   its own means DEADLINE_EXCEEDED if the deadline has passed, else CANCELLED. (A bad
//   grpc-timeout, answered INTERNAL, looks like a cancel here and is counted CANCELLED.)
// - A client that cancels a request stream looks like a half-close first (Node ends the
//   stream), so a handler answering on 'end' has its status counted (docs/instrumentation.md).
// - A handler that throws is answered UNKNOWN through sendStatus.
// - Handlers run synchronously inside onReceiveMetadata (streaming requests) or
//   onReceiveHalfClose (unary requests), so running those inside the call's scope puts
//   the trace ids on the handler's log lines and parents its client calls.
// Unregistered methods never reach interceptors: grpc-js answers UNIMPLEMENTED itself.
import type {
  Metadata,
  ServerInterceptingCall,
  ServerInterceptingCallInterface,
  ServerInterceptor,
} from '@grpc/grpc-js';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { type CallScope, spanScope } from '../call-scope.js';
import { ERROR_CODES } from '../errors.js';
import { parseAuthority } from '../grpc/authority.js';
import { metadataGetter } from '../tracing/metadata-carrier.js';
import { CallRecord, originalMethod } from './call-record.js';
import type { InterceptorDeps } from './deps.js';
import { observedCallClass, type ServerCallHooks } from './observed-server-call.js';

const DEADLINE_EXCEEDED = 4;
const CANCELLED = 1;
const DEADLINE_SLACK_MS = 20;

export function createServerInterceptor(deps: InterceptorDeps): ServerInterceptor {
  const { table, tracing, scope, reporter } = deps;
  const eagerBegin = deps.metrics !== undefined && deps.metrics.needsMetadata === false;

  // Most servers see one :authority; parsing it once per distinct value in a row is enough.
  let lastHost: string | undefined;
  let lastAuthority: { address: string; port: number | undefined } = { address: '', port: undefined };

  function startSpan(
    record: CallRecord,
    call: ServerInterceptingCallInterface,
    metadata: Metadata,
    path: string,
  ): CallScope | undefined {
    if (tracing === undefined) return undefined;
    try {
      const parentContext = tracing.propagator.extract(ROOT_CONTEXT, metadata, metadataGetter);
      const span = tracing.callTracer.startCallSpan(
        record.info.spanName,
        SpanKind.SERVER,
        record.info.spanAttributes,
        parentContext,
      );
      if (span.isRecording()) {
        if (record.info.other) span.setAttribute('rpc.method_original', originalMethod(path));
        const host = call.getHost?.();
        if (host) {
          if (host !== lastHost) {
            lastAuthority = parseAuthority(host);
            lastHost = host;
          }
          span.setAttribute('server.address', lastAuthority.address);
          if (lastAuthority.port !== undefined) span.setAttribute('server.port', lastAuthority.port);
        }
      }
      record.setSpan(span);
      return spanScope(parentContext, span);
    } catch (err) {
      reporter.report('server_interceptor', ERROR_CODES.interceptor, err, 'starting a server span failed');
      return undefined;
    }
  }

  const hooks: ServerCallHooks = {
    begin(record, call, metadata, path) {
      try {
        record.begin(metadata);
      } catch (err) {
        reporter.report('server_interceptor', ERROR_CODES.interceptor, err, 'counting a server call failed');
      }
      return startSpan(record, call, metadata, path);
    },
    cancelled(record, call) {
      if (record.done || record.sendingStatus) return;
      const deadline = call.getDeadline();
      const passed = deadline instanceof Date ? deadline.getTime() : Number(deadline);
      // The server's deadline starts when it reads the call's headers, later than the
      // caller's when its event loop is busy; the caller's own deadline cancel can then
      // arrive a few milliseconds before the server's timer. A cancel that close to the
      // deadline is the deadline.
      record.finish(Date.now() + DEADLINE_SLACK_MS >= passed ? DEADLINE_EXCEEDED : CANCELLED, undefined);
    },
  };
  const ObservedCall = observedCallClass();

  return (descriptor, call) => {
    try {
      const info = table.lookup(descriptor.path, descriptor.requestStream, descriptor.responseStream);
      if (info.excluded) return passThrough(call);
      const record = new CallRecord('server', info, deps);
      if (eagerBegin) record.begin(undefined);
      if (deps.accessLog !== undefined) record.peer = call.getPeer();
      return passThrough(new ObservedCall(call, descriptor, record, hooks, scope));
    } catch (err) {
      reporter.report('server_interceptor', ERROR_CODES.interceptor, err, 'observing a server call failed');
      return passThrough(call);
    }
  };
}

// grpc-js's types ask for a ServerInterceptingCall, but at run time any
// ServerInterceptingCallInterface is all the chain needs: the next call as it is, or ours.
function passThrough(call: ServerInterceptingCallInterface): ServerInterceptingCall {
  return call as ServerInterceptingCall;
}
