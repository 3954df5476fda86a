// The OTLP/gRPC span exporter: batches our encoder already wrote, sent with a bare grpc-js
// Client, in place of the OpenTelemetry SDK's OTLPTraceExporter. One Client (one channel) for the
// exporter's life; it has no interceptors, so the exporter's own Export calls are never
// traced or counted by this library. Errors name the status, the collector's details and
// the endpoint, never the export headers' values (they may hold credentials).
import * as grpc from '@grpc/grpc-js';
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

const identity = (buffer: Buffer): Buffer => buffer;

export function createOtlpGrpcExporter(options: OtlpGrpcExporterOptions): SpanExporter {
  const url = new URL(options.endpoint);
  const tls = url.protocol === 'https:';
  // URL drops a port that is the scheme's default, so an empty port means 443 or 80.
  const target = `${url.hostname}:${url.port || (tls ? '443' : '80')}`;
  const endpoint = `${url.protocol}//${target}`;
  const client = new grpc.Client(target, tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(options.headers)) metadata.set(key, value);
  let closed = false;

  return {
    export(batch: EncodedSpans): Promise<ExportOutcome> {
      if (closed) return Promise.reject(new Error(`OTLP export to ${endpoint}: the exporter was shut down`));
      return new Promise((resolve, reject) => {
        client.makeUnaryRequest(
          EXPORT_METHOD,
          identity,
          identity,
          batch.request,
          // grpc-js may add to the metadata it is given; each call gets a copy.
          metadata.clone(),
          { deadline: Date.now() + options.timeoutMs },
          (error: grpc.ServiceError | null, response?: Buffer) => {
            if (error) {
              reject(exportError(error, endpoint, batch.spanCount));
              return;
            }
            try {
              resolve(decodeExportResponse(response ?? Buffer.alloc(0)));
            } catch (decodeError) {
              reject(new Error(`OTLP export to ${endpoint}: ${(decodeError as Error).message}`));
            }
          },
        );
      });
    },
    async shutdown(): Promise<void> {
      if (closed) return;
      closed = true;
      client.close();
    },
  };
}

function exportError(error: grpc.ServiceError, endpoint: string, spanCount: number): Error {
  const status = grpc.status[error.code] ?? `code ${error.code}`;
  const details = error.details ? `: ${error.details}` : '';
  const wrapped = new Error(`OTLP export of ${spanCount} spans to ${endpoint} failed with ${status}${details}`);
  Object.assign(wrapped, { code: error.code });
  return wrapped;
}
