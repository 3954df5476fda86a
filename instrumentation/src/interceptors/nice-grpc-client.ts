// The client side for nice-grpc, as a nice-grpc client middleware. nice-grpc's server takes
// grpc-js interceptors (createServer(options) passes its options to `new grpc.Server`), but
// its createClient builds a grpc-js Client of its own with no interceptors and no way to
// pass any (createChannel's options go to grpc.Channel, which has none). This middleware
// does what the grpc-js client interceptor does, into the same series, spans and access
// log: counts and times the call, starts a client span (child of the server call it is
// made from) and sends traceparent in a copy of the call's metadata.
import type { Metadata } from '@grpc/grpc-js';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { ERROR_CODES } from '../errors.js';
import { metadataSetter } from '../tracing/metadata-carrier.js';
import { CallRecord, originalMethod } from './call-record.js';
import type { InterceptorDeps } from './deps.js';

const OK = 0;
const CANCELLED = 1;
const UNKNOWN = 2;

/** The part of nice-grpc's Metadata the middleware reads (structural: kansoku does not depend on nice-grpc). */
export interface NiceGrpcMetadata {
  getAll(key: string): unknown[];
  [Symbol.iterator](): Iterator<[string, unknown[]]>;
}

/** nice-grpc's CallOptions, as far as the middleware reads them. */
export interface NiceGrpcCallOptions {
  metadata?: NiceGrpcMetadata;
}

/** nice-grpc's ClientMiddlewareCall, as far as the middleware uses it. */
export interface NiceGrpcClientCall<Request, Response> {
  method: { path: string; requestStream: boolean; responseStream: boolean };
  requestStream: boolean;
  responseStream: boolean;
  request: Request | AsyncIterable<Request>;
  /** nice-grpc types the return as Response | void; unknown accepts that without a void in our types. */
  next(
    request: Request | AsyncIterable<Request>,
    options: NiceGrpcCallOptions,
  ): AsyncGenerator<Response, unknown, undefined>;
}

/** For `createClientFactory().use(obs.niceGrpcClientMiddleware)`. */
export type NiceGrpcClientMiddleware = <Request, Response>(
  call: NiceGrpcClientCall<Request, Response>,
  options: NiceGrpcCallOptions,
) => AsyncGenerator<Response, Response | undefined, undefined>;

export function createNiceGrpcClientMiddleware(deps: InterceptorDeps): NiceGrpcClientMiddleware {
  const { table, tracing, scope, reporter } = deps;

  function begin(call: NiceGrpcClientCall<unknown, unknown>, options: NiceGrpcCallOptions) {
    const info = table.lookup(call.method.path, call.requestStream, call.responseStream);
    if (info.excluded) return undefined;
    const parent = scope?.active() ?? context.active();
    if (isTracingSuppressed(parent)) return undefined;
    const record = new CallRecord('client', info, deps);
    const metadata = new MetadataCopy(options.metadata);
    // Metric labels from metadata read it the grpc-js way: every value of a key.
    record.begin({ get: (key: string) => metadata.getAll(key) } as unknown as Metadata);
    if (tracing !== undefined) {
      const span = tracing.callTracer.startCallSpan(info.spanName, SpanKind.CLIENT, info.spanAttributes, parent);
      if (info.other && span.isRecording()) span.setAttribute('rpc.method_original', originalMethod(call.method.path));
      record.setSpan(span);
      tracing.propagator.inject(trace.setSpan(parent, span), metadata as unknown as Metadata, metadataSetter);
    }
    return { record, options: { ...options, metadata } };
  }

  return async function* kansokuClientMiddleware<Request, Response>(
    call: NiceGrpcClientCall<Request, Response>,
    options: NiceGrpcCallOptions,
  ): AsyncGenerator<Response, Response | undefined, undefined> {
    let started: ReturnType<typeof begin>;
    try {
      started = begin(call as NiceGrpcClientCall<unknown, unknown>, options);
    } catch (err) {
      reporter.report('client_interceptor', ERROR_CODES.interceptor, err, 'observing a nice-grpc client call failed');
    }
    if (started === undefined) return (yield* call.next(call.request, options)) as Response | undefined;
    const { record } = started;
    let request = call.request;
    if (call.requestStream) request = countEach(call.request as AsyncIterable<Request>, () => record.countSent());
    else record.countSent();
    // A consumer that stops reading a response stream ends the call: CANCELLED unless it got to the end.
    let code = CANCELLED;
    let details: string | undefined;
    try {
      if (!call.responseStream) {
        const response = (yield* call.next(request, started.options)) as Response;
        record.countReceived();
        code = OK;
        return response;
      }
      for await (const response of call.next(request, started.options)) {
        record.countReceived();
        yield response;
      }
      code = OK;
    } catch (err) {
      ({ code, details } = statusOf(err));
      throw err;
    } finally {
      record.finish(code, details);
    }
  };
}

async function* countEach<T>(messages: AsyncIterable<T>, count: () => void): AsyncGenerator<T> {
  for await (const message of messages) {
    count();
    yield message;
  }
}

/** nice-grpc's ClientError carries the gRPC code; its AbortError (signal aborted) is a cancel. */
function statusOf(err: unknown): { code: number; details: string | undefined } {
  const e = err as { code?: unknown; details?: unknown; name?: unknown; message?: unknown };
  if (typeof e?.code === 'number')
    return { code: e.code, details: typeof e.details === 'string' ? e.details : undefined };
  if (e?.name === 'AbortError') return { code: CANCELLED, details: undefined };
  return { code: UNKNOWN, details: typeof e?.message === 'string' ? e.message : undefined };
}

/**
 * The call's metadata copied, so that traceparent never lands in the caller's own object
 * (often one shared by every call through defaultCallOptions). It behaves as nice-grpc's
 * Metadata does for nice-grpc and for middlewares after this one: keys lower-cased, text
 * values of one key joined by ", ", binary (-bin) values kept apart.
 */
class MetadataCopy implements NiceGrpcMetadata {
  private readonly data = new Map<string, unknown[]>();

  constructor(from: NiceGrpcMetadata | undefined) {
    if (from !== undefined) for (const [key, values] of from) this.data.set(key, [...values]);
  }

  set(key: string, value: unknown): this {
    const k = key.toLowerCase();
    if (!Array.isArray(value)) this.data.set(k, [value]);
    else if (value.length === 0) this.data.delete(k);
    else this.data.set(k, k.endsWith('-bin') ? [...value] : [value.join(', ')]);
    return this;
  }

  append(key: string, value: unknown): this {
    const k = key.toLowerCase();
    const values = [...(this.data.get(k) ?? []), value];
    this.data.set(k, k.endsWith('-bin') ? values : [values.join(', ')]);
    return this;
  }

  delete(key: string): void {
    this.data.delete(key.toLowerCase());
  }

  get(key: string): unknown {
    return this.getAll(key)[0];
  }

  getAll(key: string): unknown[] {
    return this.data.get(key.toLowerCase()) ?? [];
  }

  has(key: string): boolean {
    return this.data.has(key.toLowerCase());
  }

  [Symbol.iterator](): Iterator<[string, unknown[]]> {
    return this.data[Symbol.iterator]();
  }
}
