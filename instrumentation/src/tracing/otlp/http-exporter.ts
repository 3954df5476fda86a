// The OTLP/HTTP span exporter (protocol http/protobuf): the same encoded batches the gRPC
// exporter sends, POSTed to the collector's /v1/traces. For collectors and gateways that
// accept only HTTP. One keep-alive agent for the exporter's life (TLS with the given CA and
// client certificate for https:// URLs). Failures are retried as the OTLP specification says
// (429, 502, 503, 504 and lost connections, after Retry-After when given) within the export
// timeout, which also destroys the request in flight; with gzip the body is compressed once
// per batch (Content-Encoding: gzip). Errors name the URL and the HTTP status, never the
// export headers' values (they may hold credentials).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { EncodedSpans, ExportOutcome, SpanExporter } from '../finished-span.js';
import { decodeExportResponse } from './decode-response.js';
import type { ExportDeadline } from './export-deadline.js';
import { DEFAULT_RETRY_POLICY, ExportAttemptError, type RetryPolicy, sendWithRetries } from './export-retry.js';
import { type OtlpTls, tlsConnectOptions, tlsFailureHint } from './tls.js';

export interface OtlpHttpExporterOptions {
  /** The full URL spans are POSTed to, e.g. http://collector:4318/v1/traces (already validated). */
  url: string;
  headers: Record<string, string>;
  /** Longest time one export may take, retries included. */
  timeoutMs: number;
  compression?: 'gzip' | 'none';
  tls?: OtlpTls;
  retry?: RetryPolicy;
}

/** A collector's answer is a small protobuf message, or an error text; more is not read. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Retryable per the OTLP specification. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/** Connections that failed or were lost: the collector may be restarting. */
const RETRYABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH']);

export function createOtlpHttpExporter(options: OtlpHttpExporterOptions): SpanExporter {
  const url = new URL(options.url);
  const tls = url.protocol === 'https:';
  const agent = tls
    ? new HttpsAgent({ keepAlive: true, ...tlsConnectOptions(options.tls) })
    : new HttpAgent({ keepAlive: true });
  const send = tls ? httpsRequest : httpRequest;
  const where = `${url.origin}${url.pathname}`;
  const gzipped = options.compression === 'gzip';
  const sending = { timeoutMs: options.timeoutMs, gzip: gzipped, policy: options.retry ?? DEFAULT_RETRY_POLICY };
  let closed = false;

  function attempt(body: Buffer, spanCount: number, deadline: ExportDeadline): Promise<ExportOutcome> {
    return new Promise((resolve, reject) => {
      const fail = (message: string, retryable = false, retryAfterMs?: number, status?: number) =>
        reject(
          new ExportAttemptError(
            `OTLP export of ${spanCount} spans to ${where} ${message}`,
            retryable,
            retryAfterMs,
            status,
          ),
        );
      if (deadline.signal.aborted) {
        fail(`was cancelled: ${deadline.reason()}`);
        return;
      }
      const req = send(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            ...options.headers,
            'content-type': 'application/x-protobuf',
            'content-length': body.length,
            ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
          },
        },
        (res) => {
          readLimited(res, (responseBody, problem) => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) {
              const text = responseBody.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
              const retryable = RETRYABLE_STATUS.has(status);
              const after = retryable ? retryAfterMs(res.headers['retry-after']) : undefined;
              fail(`failed with HTTP ${status}${text ? `: ${text}` : ''}`, retryable, after, status);
              return;
            }
            if (problem !== undefined) {
              fail(problem);
              return;
            }
            const isProtobuf = (res.headers['content-type'] ?? '').startsWith('application/x-protobuf');
            try {
              resolve(isProtobuf ? decodeExportResponse(responseBody) : { rejectedSpans: 0, message: undefined });
            } catch (err) {
              fail(`got an unreadable response: ${(err as Error).message}`);
            }
          });
        },
      );
      const cancel = () => req.destroy(new Error(`cancelled: ${deadline.reason()}`));
      deadline.signal.addEventListener('abort', cancel, { once: true });
      req.on('close', () => deadline.signal.removeEventListener('abort', cancel));
      req.on('error', (err: Error & { code?: string }) => {
        const hint = tlsFailureHint(err);
        if (hint !== undefined) fail(`failed: ${hint}`);
        else fail(`failed: ${err.message}`, RETRYABLE_NETWORK.has(err.code ?? ''));
      });
      req.end(body);
    });
  }

  return {
    export(batch: EncodedSpans, signal?: AbortSignal): Promise<ExportOutcome> {
      if (closed) return Promise.reject(new Error(`OTLP export to ${where}: the exporter was shut down`));
      return sendWithRetries(batch, signal, sending, (body, deadline) => attempt(body, batch.spanCount, deadline));
    },
    async shutdown(): Promise<void> {
      if (closed) return;
      closed = true;
      agent.destroy();
    },
  };
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The response body, read up to MAX_RESPONSE_BYTES; `problem` says why it is incomplete. */
function readLimited(res: IncomingMessage, done: (body: Buffer, problem: string | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let problem: string | undefined;
  res.on('data', (chunk: Buffer) => {
    if (problem !== undefined) return;
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) problem = `got a response over ${MAX_RESPONSE_BYTES} bytes`;
    else chunks.push(chunk);
  });
  res.on('end', () => done(Buffer.concat(chunks), problem));
  res.on('error', (err) => done(Buffer.concat(chunks), `lost the response: ${err.message}`));
}
