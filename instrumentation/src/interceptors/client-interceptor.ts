// The client interceptor: counts and times the call, starts a client span whose parent is
// the server call it is made from (if any), and injects traceparent into the outgoing
// metadata. The status listener is the one place every client call ends, whether by a
// server status, a deadline or a local cancel. Calls made while tracing is suppressed
// (an OpenTelemetry exporter's own calls) are left alone.
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { context, type Span, SpanKind } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { ERROR_CODES } from '../errors.js';
import { parseAuthority } from '../grpc/authority.js';
import { injectTraceContext } from '../tracing/metadata-carrier.js';
import { validParent } from '../tracing/tracer.js';
import { CallRecord, originalMethod } from './call-record.js';
import type { InterceptorDeps } from './deps.js';

export function createClientInterceptor(deps: InterceptorDeps): Interceptor {
  const { table, tracing, scope, reporter } = deps;

  return (options, nextCall) => {
    let record: CallRecord;
    let parent = ROOT;
    try {
      const def = options.method_definition;
      const info = table.lookup(def.path, def.requestStream, def.responseStream);
      if (info.excluded) return passThrough(nextCall(options));
      parent = scope?.getStore()?.context ?? context.active();
      if (isTracingSuppressed(parent)) return passThrough(nextCall(options));
      record = new CallRecord('client', info, deps);
    } catch (err) {
      reporter.report('client_interceptor', ERROR_CODES.interceptor, err, 'observing a client call failed');
      return passThrough(nextCall(options));
    }
    const downstream = nextCall(options);
    return new InterceptingCall(downstream, {
      start(metadata, _listener, next) {
        try {
          record.begin(metadata);
          if (tracing !== undefined) {
            const span = tracing.tracer.startCallSpan(
              record.info.spanName,
              SpanKind.CLIENT,
              record.info.spanAttributes,
              validParent(parent),
            );
            if (record.info.other && span.isRecording())
              span.setAttribute('rpc.method_original', originalMethod(options.method_definition.path));
            record.setSpan(span);
            injectTraceContext(metadata, span.spanContext());
          }
        } catch (err) {
          reporter.report('client_interceptor', ERROR_CODES.interceptor, err, 'starting a client call record failed');
        }
        next(metadata, {
          onReceiveMessage(message, nextMessage) {
            // grpc-js hands a unary call's listener a null message when the server sent none.
            if (message !== null) record.countReceived();
            nextMessage(message);
          },
          onReceiveStatus(status, nextStatus) {
            if (record.span?.isRecording()) serverAddress(record.span, downstream);
            record.finish(status.code, status.details);
            nextStatus(status);
          },
        });
      },
      sendMessage(message, next) {
        record.countSent();
        next(message);
      },
    });
  };
}

const ROOT = context.active();

/**
 * server.address and server.port of a client span: interceptors are not told the
 * channel's target, so the address is the server the call reached (the peer), when there
 * was one. Read at the end of the call, and only for spans that are recorded.
 */
function serverAddress(span: Span, call: { getPeer(): string }): void {
  try {
    const peer = call.getPeer();
    if (!peer || peer === 'unknown') return;
    const { address, port } = parseAuthority(peer);
    span.setAttribute('server.address', address);
    if (port !== undefined) span.setAttribute('server.port', port);
  } catch {
    // A call that never connected has no peer to report.
  }
}

// grpc-js's types ask for an InterceptingCall, but at run time the next call (any
// InterceptingCallInterface) is all the chain needs; skipping the wrapper costs nothing.
function passThrough(call: ReturnType<Parameters<Interceptor>[1]>): InterceptingCall {
  return call as InterceptingCall;
}
