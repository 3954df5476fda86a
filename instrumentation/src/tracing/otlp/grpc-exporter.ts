// The OTLP/gRPC span exporter: one unary gRPC call per encoded batch, spoken directly over
// node:http2 rather than through a grpc-js Client. A batch is already protobuf; all the
// call needs is the 5-byte gRPC message prefix, a few headers and the status from the
// trailers, and grpc-js's client machinery (channel, resolver, balancer, call stack) cost
// more than twice the CPU per export of the HTTP exporter (`npm run bench -- otlp-export`).
// One HTTP/2 session for the exporter's life, opened on first use and again after it
// closes. The calls carry no interceptors, so they are never traced or counted by this
// library. Errors name the gRPC status, the collector's message and the endpoint, never the
// export headers' values (they may hold credentials).
import {
  type ClientHttp2Session,
  type ClientHttp2Stream,
  connect,
  constants,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';
import { grpcStatusName } from '../../grpc/codes.js';
import type { EncodedSpans, ExportOutcome, SpanExporter } from '../finished-span.js';
import { decodeExportResponse } from './decode-response.js';

export const EXPORT_METHOD = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export interface OtlpGrpcExporterOptions {
  /** http://host:port (plaintext) or https://host:port (TLS), already validated. */
  endpoint: string;
  /** Sent as gRPC metadata with every export. */
  headers: Record<string, string>;
  /** Deadline of one Export call. */
  timeoutMs: number;
}

const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;
const INTERNAL = 13;
const UNKNOWN = 2;
/** A collector's answer is a small message; more is not read. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** An export's failure, with the gRPC status code as `code`. */
class ExportError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export function createOtlpGrpcExporter(options: OtlpGrpcExporterOptions): SpanExporter {
  const url = new URL(options.endpoint);
  const tls = url.protocol === 'https:';
  // URL drops a port that is the scheme's default, so an empty port means 443 or 80.
  const authority = `${url.hostname}:${url.port || (tls ? '443' : '80')}`;
  const endpoint = `${url.protocol}//${authority}`;
  const requestHeaders: OutgoingHttpHeaders = {
    ...options.headers,
    [constants.HTTP2_HEADER_METHOD]: 'POST',
    [constants.HTTP2_HEADER_PATH]: EXPORT_METHOD,
    [constants.HTTP2_HEADER_AUTHORITY]: authority,
    [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
    te: 'trailers',
    'grpc-timeout': `${options.timeoutMs}m`,
  };
  let session: ClientHttp2Session | undefined;
  let closed = false;

  function currentSession(): ClientHttp2Session {
    if (session !== undefined && !session.closed && !session.destroyed) return session;
    const opened = connect(`${url.protocol}//${authority}`);
    // Errors surface on the streams of the calls; the session only has to be forgotten.
    opened.on('error', () => {});
    opened.on('close', () => {
      if (session === opened) session = undefined;
    });
    opened.on('goaway', () => {
      if (session === opened) session = undefined;
    });
    // An idle exporter must not keep the service's process alive; one with a call in
    // flight must, or the spans a shutdown flushes would be lost when the loop empties.
    opened.unref();
    session = opened;
    return opened;
  }

  // Calls in flight per session (a session can be replaced while an old one finishes).
  const inFlight = new WeakMap<ClientHttp2Session, number>();
  function callStarted(on: ClientHttp2Session): void {
    const calls = inFlight.get(on) ?? 0;
    if (calls === 0) on.ref();
    inFlight.set(on, calls + 1);
  }
  function callEnded(on: ClientHttp2Session): void {
    const calls = (inFlight.get(on) ?? 1) - 1;
    inFlight.set(on, calls);
    if (calls === 0 && !on.destroyed) on.unref();
  }

  return {
    export(batch: EncodedSpans): Promise<ExportOutcome> {
      if (closed) return Promise.reject(new Error(`OTLP export to ${endpoint}: the exporter was shut down`));
      return new Promise((resolve, reject) => {
        const fail = (code: number, detail: string) =>
          reject(
            new ExportError(
              `OTLP export of ${batch.spanCount} spans to ${endpoint} failed with ${grpcStatusName(code)}${detail ? `: ${detail}` : ''}`,
              code,
            ),
          );
        let stream: ClientHttp2Stream;
        let on: ClientHttp2Session;
        try {
          on = currentSession();
          stream = on.request(requestHeaders, { endStream: false });
        } catch (err) {
          fail(UNAVAILABLE, (err as Error).message);
          return;
        }
        callStarted(on);
        let settled = false;
        const settle = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          callEnded(on);
          outcome();
        };
        const deadline = setTimeout(() => {
          settle(() => fail(DEADLINE_EXCEEDED, `no answer within ${options.timeoutMs} ms`));
          stream.close(constants.NGHTTP2_CANCEL);
        }, options.timeoutMs);
        deadline.unref();

        let headers: IncomingHttpHeaders = {};
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('response', (h) => {
          headers = h;
        });
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        stream.on('error', (err) => settle(() => fail(UNAVAILABLE, err.message)));
        // The status is in the trailers, or in the headers of a trailers-only answer.
        let trailers: IncomingHttpHeaders = {};
        stream.on('trailers', (t) => {
          trailers = t;
        });
        stream.on('close', () =>
          settle(() => {
            const httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS] ?? 0);
            const rawStatus = trailers['grpc-status'] ?? headers['grpc-status'];
            if (rawStatus === undefined) {
              fail(httpStatus === 200 ? INTERNAL : UNAVAILABLE, `no gRPC status (HTTP ${httpStatus || 'none'})`);
              return;
            }
            const code = Number(rawStatus);
            if (code !== 0) {
              fail(
                Number.isInteger(code) ? code : UNKNOWN,
                grpcMessage(trailers['grpc-message'] ?? headers['grpc-message']),
              );
              return;
            }
            if (size > MAX_RESPONSE_BYTES) {
              fail(INTERNAL, `a response over ${MAX_RESPONSE_BYTES} bytes`);
              return;
            }
            try {
              resolve(decodeExportResponse(unframe(Buffer.concat(chunks))));
            } catch (err) {
              fail(INTERNAL, (err as Error).message);
            }
          }),
        );
        // The gRPC message prefix: not compressed, then the length (big-endian uint32).
        const prefix = Buffer.allocUnsafe(5);
        prefix[0] = 0;
        prefix.writeUInt32BE(batch.request.length, 1);
        stream.write(prefix);
        stream.end(batch.request);
      });
    },
    async shutdown(): Promise<void> {
      if (closed) return;
      closed = true;
      const open = session;
      session = undefined;
      if (open !== undefined && !open.closed) await new Promise<void>((resolve) => open.close(() => resolve()));
    },
  };
}

/** The message of a gRPC response body: the bytes after the 5-byte prefix (an empty body is an empty message). */
function unframe(body: Buffer): Buffer {
  if (body.length === 0) return body;
  if (body.length < 5 || body[0] !== 0) throw new Error('the answer is not an uncompressed gRPC message');
  const length = body.readUInt32BE(1);
  if (body.length < 5 + length) throw new Error('the answer ends inside its message');
  return body.subarray(5, 5 + length);
}

/** grpc-message is percent-encoded (gRPC over HTTP/2 spec). */
function grpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
