// The OTLP/gRPC span exporter: one unary gRPC call per encoded batch, spoken directly over
// node:http2 rather than through a grpc-js Client. A batch is already protobuf; all the
// call needs is the 5-byte gRPC message prefix, a few headers and the status from the
// trailers, and grpc-js's client machinery (channel, resolver, balancer, call stack) cost
// more than twice the CPU per export of the HTTP exporter (`npm run bench -- otlp-export`).
// Failed calls are retried as the OTLP specification says (export-retry.ts) within the
// export timeout, which also cancels the call in flight (RST_STREAM CANCEL). With gzip the
// message is compressed once per batch (grpc-encoding: gzip), off the event loop. The calls
// carry no interceptors, so they are never traced or counted by this library. Errors name
// the gRPC status, the collector's message and the endpoint, never the export headers'
// values (they may hold credentials).
import {
  type ClientHttp2Session,
  type ClientHttp2Stream,
  constants,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';
import { gunzipSync } from 'node:zlib';
import { grpcStatusName } from '../../grpc/codes.js';
import type { EncodedSpans, ExportOutcome, SpanExporter } from '../finished-span.js';
import { decodeExportResponse } from './decode-response.js';
import type { ExportDeadline } from './export-deadline.js';
import { DEFAULT_RETRY_POLICY, ExportAttemptError, type RetryPolicy, sendWithRetries } from './export-retry.js';
import { createGrpcSession } from './grpc-session.js';
import { retryInfoFromStatusDetails } from './retry-info.js';
import { type OtlpTls, tlsFailureHint } from './tls.js';

export const EXPORT_METHOD = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export interface OtlpGrpcExporterOptions {
  /** http://host:port (plaintext) or https://host:port (TLS), already validated. */
  endpoint: string;
  /** Sent as gRPC metadata with every export. */
  headers: Record<string, string>;
  /** Longest time one export may take, retries included. */
  timeoutMs: number;
  compression?: 'gzip' | 'none';
  tls?: OtlpTls;
  /**
   * A call on a connection the collector has been silent on this long, or left unanswered
   * this long, is accompanied by an HTTP/2 PING. Default 5 s.
   */
  keepaliveMs?: number;
  /** A PING unanswered this long closes the connection (the call is retried on a new one). Default 5 s. */
  keepaliveTimeoutMs?: number;
  retry?: RetryPolicy;
}

const CANCELLED = 1;
const UNKNOWN = 2;
const DEADLINE_EXCEEDED = 4;
const RESOURCE_EXHAUSTED = 8;
const INTERNAL = 13;
const UNAVAILABLE = 14;
/** Retryable per the OTLP specification (RESOURCE_EXHAUSTED only with RetryInfo, checked apart). */
const RETRYABLE = new Set([CANCELLED, DEADLINE_EXCEEDED, 10, 11, UNAVAILABLE, 15]);
/** A collector's answer is a small message; more is not read. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** How long a stream closed without an answer waits for its session to report why. */
const SESSION_VERDICT_MS = 100;

export function createOtlpGrpcExporter(options: OtlpGrpcExporterOptions): SpanExporter {
  const url = new URL(options.endpoint);
  const tls = url.protocol === 'https:';
  // URL drops a port that is the scheme's default, so an empty port means 443 or 80.
  const authority = `${url.hostname}:${url.port || (tls ? '443' : '80')}`;
  const endpoint = `${url.protocol}//${authority}`;
  const gzipped = options.compression === 'gzip';
  const sending = { timeoutMs: options.timeoutMs, gzip: gzipped, policy: options.retry ?? DEFAULT_RETRY_POLICY };
  const requestHeaders: OutgoingHttpHeaders = {
    ...options.headers,
    [constants.HTTP2_HEADER_METHOD]: 'POST',
    [constants.HTTP2_HEADER_PATH]: EXPORT_METHOD,
    [constants.HTTP2_HEADER_AUTHORITY]: authority,
    [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
    te: 'trailers',
    ...(gzipped ? { 'grpc-encoding': 'gzip', 'grpc-accept-encoding': 'identity,gzip' } : {}),
  };
  const sessions = createGrpcSession({
    origin: endpoint,
    tls: options.tls,
    keepaliveMs: options.keepaliveMs ?? 5_000,
    keepaliveTimeoutMs: options.keepaliveTimeoutMs ?? 5_000,
  });
  let closed = false;

  /** One Export call; rejects with an ExportAttemptError. */
  function attempt(message: Buffer, spanCount: number, deadline: ExportDeadline): Promise<ExportOutcome> {
    return new Promise((resolve, reject) => {
      const fail = (code: number, detail: string, retryAfterMs?: number, retryable = RETRYABLE.has(code)) =>
        reject(
          new ExportAttemptError(
            `OTLP export of ${spanCount} spans to ${endpoint} failed with ${grpcStatusName(code)}${detail ? `: ${detail}` : ''}`,
            retryable,
            retryAfterMs,
            code,
          ),
        );
      if (deadline.signal.aborted) {
        fail(DEADLINE_EXCEEDED, deadline.reason(), undefined, false);
        return;
      }
      let on: ClientHttp2Session;
      let stream: ClientHttp2Stream;
      try {
        on = sessions.current();
        stream = on.request(
          { ...requestHeaders, 'grpc-timeout': `${Math.max(1, deadline.remainingMs())}m` },
          { endStream: false },
        );
      } catch (err) {
        fail(UNAVAILABLE, (err as Error).message);
        return;
      }
      const callEnded = sessions.callStarted(on);
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        deadline.signal.removeEventListener('abort', cancel);
        callEnded();
        outcome();
      };
      const cancel = () => {
        settle(() => fail(DEADLINE_EXCEEDED, `cancelled: ${deadline.reason()}`, undefined, false));
        stream.close(constants.NGHTTP2_CANCEL);
      };
      deadline.signal.addEventListener('abort', cancel, { once: true });

      let headers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('response', (h) => {
        headers = h;
        sessions.heard(on);
      });
      stream.on('data', (chunk: Buffer) => {
        sessions.heard(on);
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      stream.on('error', (err) =>
        settle(() => {
          const cause = sessions.lastError(on) ?? err;
          const hint = tlsFailureHint(cause);
          if (hint !== undefined) fail(UNAVAILABLE, hint, undefined, false);
          else fail(UNAVAILABLE, cause.message);
        }),
      );
      // The status is in the trailers, or in the headers of a trailers-only answer.
      let trailers: IncomingHttpHeaders = {};
      stream.on('trailers', (t) => {
        trailers = t;
      });
      // A stream closed without an answer may have lost its connection to a TLS alert (a
      // client certificate the collector refused) that the session reports a moment later:
      // wait for the session's verdict, briefly, so the error can say what happened.
      const decideAfterSession = (decide: () => void) => {
        if (headers[constants.HTTP2_HEADER_STATUS] !== undefined || sessions.lastError(on) !== undefined) decide();
        else {
          const decideOnce = () => {
            clearTimeout(wait);
            on.off('close', decideOnce);
            decide();
          };
          const wait = setTimeout(decideOnce, SESSION_VERDICT_MS);
          on.once('close', decideOnce);
        }
      };
      stream.on('close', () =>
        decideAfterSession(() =>
          settle(() => {
            const httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS] ?? 0);
            const rawStatus = trailers['grpc-status'] ?? headers['grpc-status'];
            if (rawStatus === undefined) {
              const sessionError = sessions.lastError(on);
              if (httpStatus === 0 && sessionError !== undefined) {
                const hint = tlsFailureHint(sessionError);
                fail(UNAVAILABLE, hint ?? sessionError.message, undefined, hint === undefined);
              } else fail(codeOfHttpStatus(httpStatus), `no gRPC status (HTTP ${httpStatus || 'none'})`);
              return;
            }
            const code = Number(rawStatus);
            if (code !== 0) {
              const retryInfo = retryInfoFromStatusDetails(
                trailers['grpc-status-details-bin'] ?? headers['grpc-status-details-bin'],
              );
              const detail = grpcMessage(trailers['grpc-message'] ?? headers['grpc-message']);
              if (!Number.isInteger(code)) fail(UNKNOWN, detail);
              else if (code === RESOURCE_EXHAUSTED) fail(code, detail, retryInfo?.delayMs, retryInfo !== undefined);
              else fail(code, detail, retryInfo?.delayMs);
              return;
            }
            if (size > MAX_RESPONSE_BYTES) {
              fail(INTERNAL, `a response over ${MAX_RESPONSE_BYTES} bytes`, undefined, false);
              return;
            }
            try {
              resolve(decodeExportResponse(unframe(Buffer.concat(chunks))));
            } catch (err) {
              fail(INTERNAL, (err as Error).message, undefined, false);
            }
          }),
        ),
      );
      // The gRPC message prefix: compressed or not, then the length (big-endian uint32).
      const prefix = Buffer.allocUnsafe(5);
      prefix[0] = gzipped ? 1 : 0;
      prefix.writeUInt32BE(message.length, 1);
      stream.write(prefix);
      stream.end(message);
    });
  }

  return {
    export(batch: EncodedSpans, signal?: AbortSignal): Promise<ExportOutcome> {
      if (closed) return Promise.reject(new Error(`OTLP export to ${endpoint}: the exporter was shut down`));
      return sendWithRetries(batch, signal, sending, (body, deadline) => attempt(body, batch.spanCount, deadline));
    },
    async shutdown(): Promise<void> {
      if (closed) return;
      closed = true;
      await sessions.close();
    },
  };
}

/** The message of a gRPC response body: the bytes after the 5-byte prefix (an empty body is an empty message). */
function unframe(body: Buffer): Buffer {
  if (body.length === 0) return body;
  if (body.length < 5 || body[0] === undefined || body[0] > 1) throw new Error('the answer is not a gRPC message');
  const length = body.readUInt32BE(1);
  if (body.length < 5 + length) throw new Error('the answer ends inside its message');
  const message = body.subarray(5, 5 + length);
  // Flag 1: compressed with the grpc-encoding we accept, which is only gzip.
  return body[0] === 1 ? gunzipSync(message, { maxOutputLength: MAX_RESPONSE_BYTES }) : message;
}

/** gRPC's mapping of an HTTP status without a gRPC status (gRPC's http-grpc-status-mapping). */
function codeOfHttpStatus(status: number): number {
  if (status === 400) return INTERNAL;
  if (status === 401) return 16;
  if (status === 403) return 7;
  if (status === 404) return 12;
  if (status === 429 || status === 502 || status === 503 || status === 504 || status === 0) return UNAVAILABLE;
  return status === 200 ? INTERNAL : UNKNOWN;
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
