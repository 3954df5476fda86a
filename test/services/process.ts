// Starting, watching and stopping one service process. Every service helper in this
// folder goes through here, so that all of them fail the same way: with the last lines
// of the service's own log, never a hang.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { groupAlive, register, unregister } from './registry.js';

const LOG_LINES_KEPT = 400;
const LOG_LINES_SHOWN = 40;

export interface StartOptions {
  /** Short name used in errors and the process registry. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Removed after the process has stopped. */
  dataDirs?: string[];
}

export class ServiceProcess {
  readonly name: string;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly dataDirs: string[];
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitedPromise: Promise<void>;

  constructor(options: StartOptions) {
    this.name = options.name;
    this.dataDirs = options.dataDirs ?? [];
    // detached: the service gets its own process group, so stop() also reaches the
    // children some launchers fork (Elasticsearch's CLI starts a second JVM).
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (this.child.pid === undefined) throw new Error(`${this.name}: could not spawn ${options.command}`);
    register({
      pid: this.child.pid,
      name: this.name,
      command: [options.command, ...options.args].join(' '),
      startedAt: new Date().toISOString(),
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      let partial = '';
      stream?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.keep(line);
      });
    }
    this.exitedPromise = once(this.child, 'exit').then(([code, signal]) => {
      this.exited = { code: code as number | null, signal: signal as NodeJS.Signals | null };
    });
    // If the test process dies without calling stop(), do not leave the service behind.
    killOnExit(this);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  private keep(line: string): void {
    this.lines.push(line);
    if (this.lines.length > LOG_LINES_KEPT) this.lines.shift();
  }

  logTail(count = LOG_LINES_SHOWN): string {
    return this.lines.slice(-count).join('\n');
  }

  logs(): string {
    return this.lines.join('\n');
  }

  /** An Error that says what failed and shows the service's last log lines. */
  failure(message: string): Error {
    const status = this.exited ? ` (exited with ${this.exited.signal ?? `code ${this.exited.code}`})` : '';
    return new Error(`${this.name}: ${message}${status}\n--- last log lines of ${this.name} ---\n${this.logTail()}`);
  }

  /**
   * Polls `ready` until it returns true. Rejects with the log tail when the process
   * exits first or the startup deadline passes; a service that never comes up must
   * fail its test, not hang it.
   */
  async waitUntilReady(ready: () => Promise<boolean>, deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      if (this.exited) throw this.failure('exited before it was ready');
      try {
        if (await ready()) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw this.failure(`not ready after ${Math.round(deadlineMs / 1000)}s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** @internal Sends `signal` to the whole process group, unless it has exited. */
  signal(signal: NodeJS.Signals): void {
    if (this.exited) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** Stops the whole process group (TERM, then KILL after a grace period) and removes its data. */
  async stop(graceMs = 15_000): Promise<void> {
    running.delete(this);
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exitedPromise;
    clearTimeout(timer);
    // The group leader can exit before the children it forked; wait for the group.
    if (!(await groupGone(this.pid, graceMs))) {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // Gone in between.
      }
      await groupGone(this.pid, 5_000);
    }
    // Only a group that is wholly gone leaves the registry: the leak check reports the rest.
    if (!groupAlive(this.pid)) unregister(this.pid);
    for (const dir of this.dataDirs) await rm(dir, { recursive: true, force: true });
  }
}

// One exit hook for every service still running, rather than one listener per service
// (a test cluster alone starts seven, past Node's warning threshold of ten listeners).
const running = new Set<ServiceProcess>();
let exitHooked = false;
function killOnExit(service: ServiceProcess): void {
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', () => {
      for (const s of running) s.signal('SIGKILL');
    });
  }
  running.add(service);
}

/** Waits up to `ms` for every process of the group to end; true when they all did. */
async function groupGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** True when the log suggests the port we picked was taken in the meantime. */
function lostPortRace(service: ServiceProcess): boolean {
  return /address already in use|bind: address|BindException/i.test(service.logs());
}

/**
 * Starts a service on freshly picked ports, retrying when the port was taken between
 * picking and binding (another test file may be doing the same thing at once).
 */
export async function startWithPortRetry<T>(name: string, attempt: () => Promise<T>, tries = 3): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await attempt();
    } catch (error) {
      last = error;
      if (!(error instanceof PortRaceError)) throw error;
    }
  }
  throw new Error(`${name}: lost the race for a free port ${tries} times`, { cause: last });
}

export class PortRaceError extends Error {}

/**
 * Spawns a service and waits until `ready` says yes. On failure the process is stopped
 * and its data removed; a lost port race is reported as PortRaceError so that
 * startWithPortRetry can pick new ports.
 */
export async function launch(
  options: StartOptions,
  ready: () => Promise<boolean>,
  deadlineMs: number,
): Promise<ServiceProcess> {
  const service = new ServiceProcess(options);
  try {
    await service.waitUntilReady(ready, deadlineMs);
    return service;
  } catch (error) {
    const race = lostPortRace(service);
    await service.stop(2_000);
    if (race) throw new PortRaceError((error as Error).message);
    throw error;
  }
}

export async function httpOk(url: string, init?: RequestInit): Promise<boolean> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.ok;
}
