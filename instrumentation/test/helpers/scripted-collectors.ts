// Collectors that answer what a test scripts, for the failures a real Jaeger cannot be made
// to produce on demand: RESOURCE_EXHAUSTED with a RetryInfo, HTTP 503 with Retry-After, an
// answer that never comes. The gRPC one is a grpc-js server with the TraceService definition,
// the HTTP one a node:http server; both record when each request arrived and whether the
// exporter cancelled it.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { type PbRequest, TRACE_SERVICE } from './otlp-proto.js';

export interface Arrival {
  at: number;
  /** Set when the exporter cancelled the request before an answer was sent. */
  cancelled: boolean;
}

export type GrpcAnswer = 'ok' | 'hang' | { code: number; details?: string; statusDetailsBin?: Buffer };

export interface ScriptedCollector {
  endpoint: string;
  arrivals: Arrival[];
  stop(): Promise<void>;
}

/** A gRPC TraceService answering the n-th call with answers[n] (the last one repeats). */
export async function scriptedGrpcCollector(answers: GrpcAnswer[]): Promise<ScriptedCollector> {
  const server = new grpc.Server();
  const arrivals: Arrival[] = [];
  server.addService(TRACE_SERVICE, {
    Export(call: grpc.ServerUnaryCall<PbRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const arrival: Arrival = { at: Date.now(), cancelled: false };
      arrivals.push(arrival);
      call.on('cancelled', () => {
        arrival.cancelled = true;
      });
      const answer = answers[Math.min(arrivals.length - 1, answers.length - 1)] ?? 'ok';
      if (answer === 'hang') return;
      if (answer === 'ok') {
        callback(null, {});
        return;
      }
      const metadata = new grpc.Metadata();
      if (answer.statusDetailsBin) metadata.set('grpc-status-details-bin', answer.statusDetailsBin);
      callback({ code: answer.code, details: answer.details ?? '', metadata });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  return { endpoint: `http://127.0.0.1:${port}`, arrivals, stop: async () => server.forceShutdown() };
}

export type HttpAnswer = 'ok' | 'hang' | { status: number; headers?: Record<string, string>; body?: string };

export interface ScriptedHttpCollector extends ScriptedCollector {
  /** The request bodies and their content-encoding, in order. */
  requests: { body: Buffer; encoding: string | undefined }[];
}

/** An OTLP/HTTP receiver answering the n-th POST with answers[n] (the last one repeats). */
export async function scriptedHttpCollector(answers: HttpAnswer[]): Promise<ScriptedHttpCollector> {
  const arrivals: Arrival[] = [];
  const requests: ScriptedHttpCollector['requests'] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const arrival: Arrival = { at: Date.now(), cancelled: false };
    arrivals.push(arrival);
    const answer = answers[Math.min(arrivals.length - 1, answers.length - 1)] ?? 'ok';
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('close', () => {
      if (!res.writableFinished) arrival.cancelled = true;
    });
    req.on('end', () => {
      requests.push({ body: Buffer.concat(chunks), encoding: req.headers['content-encoding'] });
      if (answer === 'hang') return;
      if (answer === 'ok') {
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    arrivals,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A google.rpc.Status with one google.rpc.RetryInfo detail, as grpc-status-details-bin carries it. */
export function statusWithRetryInfo(code: number, delayMs: number): Buffer {
  const seconds = Math.floor(delayMs / 1000);
  const nanos = (delayMs % 1000) * 1e6;
  const duration = Buffer.from([0x08, ...varint(seconds), 0x10, ...varint(nanos)]);
  const retryInfo = delimited(1, duration);
  const any = Buffer.concat([
    delimited(1, Buffer.from('type.googleapis.com/google.rpc.RetryInfo')),
    delimited(2, retryInfo),
  ]);
  // An unrelated detail first (google.rpc.DebugInfo), which the reader must skip.
  const other = Buffer.concat([
    delimited(1, Buffer.from('type.googleapis.com/google.rpc.DebugInfo')),
    delimited(2, Buffer.alloc(0)),
  ]);
  return Buffer.concat([
    Buffer.from([0x08, ...varint(code)]),
    delimited(2, Buffer.from('slow down')),
    delimited(3, other),
    delimited(3, any),
  ]);
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function delimited(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(bytes.length)]), bytes]);
}
