// What every variant shares. A variant file sets up its instrumentation once and hands
// it here; the process then plays the role the orchestrator started it in:
//
//   server  serves the Echo service on a free loopback port (ghz is the client), or
//   client  drives an Echo server with its own instrumented grpc-js client.
//
// Either way it is driven over Node's IPC channel, so any difference between variants
// comes from the instrumentation, not from the code around it. The grpc module is passed
// in rather than imported here: the OpenTelemetry variant must hand over the copy its
// require hook patched.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as GrpcJs from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { median, quantile } from '../lib/stats.js';
import { startProfile, stopProfile } from './measured-profile.js';

const ECHO_PROTO = join(dirname(fileURLToPath(import.meta.url)), '..', 'echo.proto');

export type Role = 'server' | 'client';

export interface LoadCommand {
  type: 'load';
  target: string;
  concurrency: number;
  durationMs: number;
  message: string;
}

/** Messages from the orchestrator. */
export type Command = { type: 'mark' } | { type: 'report' } | { type: 'stop' } | LoadCommand;

export interface LoadResult {
  type: 'loaded';
  count: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuUs: number;
  elapsedMs: number;
}

/** Messages to the orchestrator. */
export type Reply =
  | { type: 'ready'; port: number; info: Record<string, unknown> }
  | { type: 'marked' }
  | { type: 'report'; handled: number; cpuUserUs: number; cpuSystemUs: number; elapsedMs: number; rssBytes: number }
  | LoadResult
  | { type: 'stopped'; info: Record<string, unknown> };

export interface Variant {
  grpc: typeof GrpcJs;
  serverOptions?: GrpcJs.ServerOptions;
  clientOptions?: GrpcJs.ClientOptions;
  /** Facts about the variant the report should show (what is on, where spans go). */
  info?: Record<string, unknown>;
  /** Flushes and stops the instrumentation; what it returns is reported (e.g. dropped spans). */
  shutdown?: () => Promise<Record<string, unknown>>;
}

interface EchoMessage {
  message: string;
}

type EchoClient = GrpcJs.Client & {
  Echo(request: EchoMessage, callback: (error: GrpcJs.ServiceError | null, reply?: EchoMessage) => void): void;
};

/** The role this process was started in: the first argument after the file. */
function role(): Role {
  const value = process.argv[2] ?? 'server';
  if (value !== 'server' && value !== 'client') throw new Error(`bench variant: unknown role "${value}"`);
  return value;
}

export async function runVariant(variant: Variant): Promise<void> {
  if (!process.send) throw new Error('bench variants are started by a bench/*.bench.ts scenario (they need IPC)');
  const { grpc } = variant;
  const definition = grpc.loadPackageDefinition(loadSync(ECHO_PROTO, { keepCase: true }));
  const bench = definition.kansoku as GrpcJs.GrpcObject;
  const Echo = (bench.bench as GrpcJs.GrpcObject).Echo as GrpcJs.ServiceClientConstructor;
  const send = (reply: Reply) => process.send?.(reply);

  let handled = 0;
  let server: GrpcJs.Server | undefined;
  let port = 0;
  if (role() === 'server') {
    server = new grpc.Server(variant.serverOptions);
    server.addService(Echo.service, {
      Echo(call: GrpcJs.ServerUnaryCall<EchoMessage, EchoMessage>, callback: GrpcJs.sendUnaryData<EchoMessage>) {
        handled++;
        callback(null, { message: call.request.message });
      },
    });
    const bound = server;
    port = await new Promise<number>((resolve, reject) => {
      bound.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, p) =>
        error ? reject(error) : resolve(p),
      );
    });
  }

  let markCpu = process.cpuUsage();
  let markTime = performance.now();
  let markHandled = 0;

  process.on('message', async (command: Command) => {
    switch (command.type) {
      case 'mark':
        await startProfile();
        markCpu = process.cpuUsage();
        markTime = performance.now();
        markHandled = handled;
        send({ type: 'marked' });
        return;
      case 'report': {
        const cpu = process.cpuUsage(markCpu);
        const elapsedMs = performance.now() - markTime;
        await stopProfile();
        send({
          type: 'report',
          handled: handled - markHandled,
          cpuUserUs: cpu.user,
          cpuSystemUs: cpu.system,
          elapsedMs,
          rssBytes: process.memoryUsage.rss(),
        });
        return;
      }
      case 'load': {
        const client = new Echo(
          command.target,
          grpc.credentials.createInsecure(),
          variant.clientOptions ?? {},
        ) as unknown as EchoClient;
        send(await load(client, command));
        client.close();
        return;
      }
      case 'stop': {
        server?.forceShutdown();
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

/** `concurrency` callers, each sending its next call as soon as the last one is answered. */
async function load(client: EchoClient, command: LoadCommand): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const end = start + command.durationMs;
  const request = { message: command.message };
  const caller = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      await new Promise<void>((resolve) => {
        client.Echo(request, (error) => {
          if (error) errors++;
          else latencies.push(performance.now() - sent);
          resolve();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, caller));
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return {
    type: 'loaded',
    count: latencies.length,
    errors,
    rps: latencies.length / (elapsedMs / 1000),
    p50Ms: median(latencies),
    p99Ms: quantile(latencies, 0.99),
    cpuUs: cpu.user + cpu.system,
    elapsedMs,
  };
}
