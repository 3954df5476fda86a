// A file per running service process, so that a test run can prove afterwards that it
// left nothing behind (see test/leaks/no-leftover-processes.test.ts).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const registryDir = process.env.KANSOKU_PROCESS_REGISTRY ?? join(tmpdir(), 'kansoku-test-processes');

export interface RegisteredProcess {
  pid: number;
  name: string;
  command: string;
  startedAt: string;
}

export function register(entry: RegisteredProcess): void {
  mkdirSync(registryDir, { recursive: true });
  writeFileSync(join(registryDir, String(entry.pid)), JSON.stringify(entry));
}

export function unregister(pid: number): void {
  rmSync(join(registryDir, String(pid)), { force: true });
}

export function registered(): RegisteredProcess[] {
  let names: string[];
  try {
    names = readdirSync(registryDir);
  } catch {
    return [];
  }
  return names.map((name) => JSON.parse(readFileSync(join(registryDir, name), 'utf8')) as RegisteredProcess);
}

// sysconf(_SC_CLK_TCK): /proc counts CPU time in USER_HZ, fixed at 100 on Linux.
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The fields of /proc/<pid>/stat that the service helpers and the benchmarks need (state,
 * process group, CPU seconds used so far, user + system), or undefined when the process is gone.
 */
export function procStat(pid: number): { state: string; pgrp: number; cpuSeconds: number } | undefined {
  try {
    // "pid (comm) state ppid pgrp ... utime stime ...": comm may contain spaces, so split after
    // the last ')'; utime and stime are fields 14 and 15 of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      state: fields[0] ?? '',
      pgrp: Number(fields[2]),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** True while the process runs; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/**
 * True while any process of the group `pgid` runs (zombies waiting to be reaped do not
 * count). Every service is started as the leader of its own group, so this also sees the
 * children a launcher forked after the launcher itself has exited.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return isAlive(pgid);
  }
  return pids.some((pid) => {
    const stat = procStat(Number(pid));
    return stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z';
  });
}
