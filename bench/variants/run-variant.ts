// What every unary-echo server variant shares: the Echo service, a gRPC server on a free
// loopback port, and the control channel (Node IPC) the orchestrator drives it through.
// A variant file differs only in what it wraps around the server, so any difference in
// the numbers comes from the instrumentation, not from the server around it.
//
// The grpc module is passed in rather than imported here: the OpenTelemetry variant must
// hand over the copy that its require hook patched.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as GrpcJs from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export const ECHO_PROTO = join(dirname(fileURLToPath(import.meta.url)), '..', 'echo.proto');

/** Messages from the orchestrator. */
export type Command = { type: 'mark' } | { type: 'report' } | { type: 'stop' };

/** Messages to the orchestrator. */
export type Reply =
  | { type: 'ready'; port: number; info: Record<string, unknown> }
  | { type: 'marked' }
  | { type: 'report'; handled: number; cpuUserUs: number; cpuSystemUs: number; elapsedMs: number; rssBytes: number }
  | { type: 'stopped'; info: Record<string, unknown> };

export interface EchoVariant {
  grpc: typeof GrpcJs;
  serverOptions?: GrpcJs.ServerOptions;
  /** Facts about the variant the report should show (what is on, where spans go). */
  info?: Record<string, unknown>;
  /** Flushes and stops the instrumentation; what it returns is reported (e.g. dropped spans). */
  shutdown?: () => Promise<Record<string, unknown>>;
}

interface EchoRequest {
  message: string;
}

export async function serveEcho(variant: EchoVariant): Promise<void> {
  const { grpc } = variant;
  const send = (reply: Reply) => process.send?.(reply);
  if (!process.send)
    throw new Error('bench servers are started by bench/unary-echo.bench.ts (they need an IPC channel)');

  const definition = grpc.loadPackageDefinition(loadSync(ECHO_PROTO, { keepCase: true }));
  const bench = definition.kansoku as GrpcJs.GrpcObject;
  const echo = (bench.bench as GrpcJs.GrpcObject).Echo as GrpcJs.ServiceClientConstructor;

  let handled = 0;
  const server = new grpc.Server(variant.serverOptions);
  server.addService(echo.service, {
    Echo(call: GrpcJs.ServerUnaryCall<EchoRequest, EchoRequest>, callback: GrpcJs.sendUnaryData<EchoRequest>) {
      handled++;
      callback(null, { message: call.request.message });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });

  let markCpu = process.cpuUsage();
  let markTime = performance.now();
  let markHandled = 0;

  process.on('message', async (command: Command) => {
    switch (command.type) {
      case 'mark':
        markCpu = process.cpuUsage();
        markTime = performance.now();
        markHandled = handled;
        send({ type: 'marked' });
        return;
      case 'report': {
        const cpu = process.cpuUsage(markCpu);
        send({
          type: 'report',
          handled: handled - markHandled,
          cpuUserUs: cpu.user,
          cpuSystemUs: cpu.system,
          elapsedMs: performance.now() - markTime,
          rssBytes: process.memoryUsage.rss(),
        });
        return;
      }
      case 'stop': {
        server.forceShutdown();
        const info = (await variant.shutdown?.()) ?? {};
        send({ type: 'stopped', info });
        process.disconnect();
        return;
      }
    }
  });
  // The orchestrator died or let go: do not linger.
  process.on('disconnect', () => process.exit(0));

  send({ type: 'ready', port, info: variant.info ?? {} });
}
