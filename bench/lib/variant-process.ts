// One variant, in its own process, in the server or the client role, driven over Node's
// IPC channel (bench/variants/run-variant.ts is the other end). Its stdout and stderr go
// to a file, as a container runtime's would: the access log of the logging variant must
// cost the variant a write, not cost this process a pipe to read.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, Reply, Role } from '../variants/run-variant.js';

export interface VariantSpawnOptions {
  /** The variant's file. */
  file: string;
  role: Role;
  /** Where its stdout and stderr go. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** CPU list for taskset (e.g. "1"); unset to let the scheduler place it. */
  cpus?: string;
  cwd: string;
}

type ReplyOf<T extends Reply['type']> = Extract<Reply, { type: T }>;

export class VariantProcess {
  readonly port: number;
  readonly info: Record<string, unknown>;
  private readonly exited: Promise<unknown>;
  private readonly killOnExit = () => this.child.kill('SIGKILL');

  private constructor(
    private readonly child: ChildProcess,
    private readonly logFile: string,
    ready: ReplyOf<'ready'>,
  ) {
    this.port = ready.port;
    this.info = ready.info;
    this.exited = once(child, 'exit');
    process.once('exit', this.killOnExit);
  }

  static async start(options: VariantSpawnOptions): Promise<VariantProcess> {
    const node = [
      process.execPath,
      '--conditions=kansoku-source',
      '--import',
      'tsx',
      join(options.cwd, options.file),
      options.role,
    ];
    const [command, ...args] = options.cpus ? ['taskset', '-c', options.cpus, ...node] : node;
    const log = openSync(options.logFile, 'a');
    const child = spawn(command as string, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', log, log, 'ipc'],
    });
    closeSync(log);
    try {
      const ready = await nextReply(child, 'ready', 60_000, options.logFile);
      return new VariantProcess(child, options.logFile, ready);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  async request<T extends Reply['type']>(command: Command, expect: T, timeoutMs = 10_000): Promise<ReplyOf<T>> {
    const reply = nextReply(this.child, expect, timeoutMs, this.logFile);
    this.child.send(command);
    return reply;
  }

  private stopping: Promise<Record<string, unknown>> | undefined;

  /** Asks the server to flush its instrumentation and exit; kills it if it will not. Idempotent. */
  stop(): Promise<Record<string, unknown>> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<Record<string, unknown>> {
    let info: Record<string, unknown> = {};
    try {
      info = (await this.request({ type: 'stop' }, 'stopped', 30_000)).info;
    } catch (error) {
      info = { stopError: (error as Error).message };
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    if (this.child.exitCode === null && this.child.signalCode === null) await this.exited;
    clearTimeout(timer);
    process.removeListener('exit', this.killOnExit);
    return info;
  }
}

function nextReply<T extends Reply['type']>(
  child: ChildProcess,
  expect: T,
  timeoutMs: number,
  logFile: string,
): Promise<ReplyOf<T>> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      let tail = '';
      try {
        tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      } catch {
        // No log yet.
      }
      reject(new Error(`bench variant: ${why} while waiting for "${expect}"\n--- ${logFile} ---\n${tail}`));
    };
    const onMessage = (reply: Reply) => {
      if (reply.type !== expect) return;
      cleanup();
      resolve(reply as ReplyOf<T>);
    };
    const onExit = (code: number | null, signal: string | null) => fail(`exited (${signal ?? `code ${code}`})`);
    const timer = setTimeout(() => fail(`no reply after ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
