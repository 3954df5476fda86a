// The client interceptor: counts and times the call, starts a client span whose parent is
// the innermost current span (the server call it is made from, or a span inside it), and
// injects its context with the propagator into the outgoing metadata. The status listener is the one place every client call ends, whether by a
// server status, a deadline or a local cancel. Calls made while tracing is suppressed
// (an OpenTelemetry exporter's own calls) are left alone.
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { ERROR_CODES } from '../errors.js';
import { parseAuthority } from '../grpc/authority.js';
import { metadataSetter } from '../tracing/metadata-carrier.js';
import { CallRecord, originalMethod } from './call-record.js';
import { type ChannelTarget, channelTarget } from './channel-target.js';
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
      parent = scope?.active() ?? context.active();
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
            const span = tracing.callTracer.startCallSpan(
              record.info.spanName,
              SpanKind.CLIENT,
              record.info.spanAttributes,
              parent,
            );
            if (record.info.other && span.isRecording())
              span.setAttribute('rpc.method_original', originalMethod(options.method_definition.path));
            record.setSpan(span);
            tracing.propagator.inject(trace.setSpan(parent, span), metadata, metadataSetter);
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
            if (record.span?.isRecording()) addresses(record.span, channelTarget(options), downstream);
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
 * server.address and server.port: the channel's target (its host name, not the address it
 * resolved to) when the client was made with obs.clientOptions, else the server the call
 * reached. network.peer.address and network.peer.port: the server the call reached.
 * Read at the end of the call, and only for spans that are recorded.
 */
function addresses(span: Span, target: ChannelTarget | undefined, call: { getPeer(): string }): void {
  let peer: { address: string; port: number | undefined } | undefined;
  try {
    const raw = call.getPeer();
    if (raw && raw !== 'unknown') peer = parseAuthority(raw);
  } catch {
    // A call that never connected has no peer to report.
  }
  const server = target ?? peer;
  if (server !== undefined) {
    span.setAttribute('server.address', server.address);
    if (server.port !== undefined) span.setAttribute('server.port', server.port);
  }
  if (peer !== undefined) {
    span.setAttribute('network.peer.address', peer.address);
    if (peer.port !== undefined) span.setAttribute('network.peer.port', peer.port);
  }
}

// grpc-js's types ask for an InterceptingCall, but at run time the next call (any
// InterceptingCallInterface) is all the chain needs; skipping the wrapper costs nothing.
function passThrough(call: ReturnType<Parameters<Interceptor>[1]>): InterceptingCall {
  return call as InterceptingCall;
}
