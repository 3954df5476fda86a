// The OTLP/HTTP span exporter (protocol http/protobuf): the same encoded batches the gRPC
// exporter sends, POSTed to the collector's /v1/traces. For collectors and gateways that
// accept only HTTP. One keep-alive agent for the exporter's life; errors name the URL and
// the HTTP status, never the export headers' values (they may hold credentials).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { EncodedSpans, ExportOutcome, SpanExporter } from '../finished-span.js';
import { decodeExportResponse } from './decode-response.js';

export interface OtlpHttpExporterOptions {
  /** The full URL spans are POSTed to, e.g. http://collector:4318/v1/traces (already validated). */
  url: string;
  headers: Record<string, string>;
  /** Longest wait for one export. */
  timeoutMs: number;
}

/** A collector's answer is a small protobuf message, or an error text; more is not read. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export function createOtlpHttpExporter(options: OtlpHttpExporterOptions): SpanExporter {
  const url = new URL(options.url);
  const tls = url.protocol === 'https:';
  const agent = tls ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = tls ? httpsRequest : httpRequest;
  const where = `${url.origin}${url.pathname}`;
  let closed = false;

  return {
    export(batch: EncodedSpans): Promise<ExportOutcome> {
      if (closed) return Promise.reject(new Error(`OTLP export to ${where}: the exporter was shut down`));
      return new Promise((resolve, reject) => {
        const fail = (message: string) =>
          reject(new Error(`OTLP export of ${batch.spanCount} spans to ${where} ${message}`));
        const req = send(
          url,
          {
            method: 'POST',
            agent,
            timeout: options.timeoutMs,
            headers: {
              ...options.headers,
              'content-type': 'application/x-protobuf',
              'content-length': batch.request.length,
            },
          },
          (res) => {
            readLimited(res, (body, problem) => {
              const status = res.statusCode ?? 0;
              if (status < 200 || status > 299) {
                const text = body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
                fail(`failed with HTTP ${status}${text ? `: ${text}` : ''}`);
                return;
              }
              if (problem !== undefined) {
                fail(problem);
                return;
              }
              const isProtobuf = (res.headers['content-type'] ?? '').startsWith('application/x-protobuf');
              try {
                resolve(isProtobuf ? decodeExportResponse(body) : { rejectedSpans: 0, message: undefined });
              } catch (err) {
                fail(`got an unreadable response: ${(err as Error).message}`);
              }
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
        req.on('error', (err) => fail(`failed: ${err.message}`));
        req.end(batch.request);
      });
    },
    async shutdown(): Promise<void> {
      if (closed) return;
      closed = true;
      agent.destroy();
    },
  };
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
