// ghz, the gRPC load generator, run once and read back from its JSON report.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { binary } from '../../test/services/paths.js';

const run = promisify(execFile);

export interface GhzOptions {
  target: string;
  proto: string;
  call: string;
  data: unknown;
  concurrency: number;
  connections: number;
  /** ghz syntax, e.g. "10s". */
  duration: string;
  /** Cores ghz's Go runtime may use (its --cpus). */
  ghzCpus: number;
  /** CPU list for taskset; unset to let the scheduler place it. */
  pin?: string;
  /** Fixed request rate (ghz --rps); 0 or unset sends as fast as answers come back. */
  rate?: number;
}

export interface GhzResult {
  count: number;
  rps: number;
  /** Latency percentiles in milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** Status name -> count, e.g. { OK: 51234 }. */
  statuses: Record<string, number>;
}

interface GhzReport {
  count: number;
  rps: number;
  latencyDistribution: { percentage: number; latency: number }[] | null;
  statusCodeDistribution: Record<string, number> | null;
}

export async function ghz(options: GhzOptions): Promise<GhzResult> {
  const args = [
    '--insecure',
    `--proto=${options.proto}`,
    `--call=${options.call}`,
    `--data=${JSON.stringify(options.data)}`,
    `--concurrency=${options.concurrency}`,
    `--connections=${options.connections}`,
    `--duration=${options.duration}`,
    // Report what was answered by the deadline; requests cut off at the end are not errors.
    '--duration-stop=ignore',
    `--cpus=${options.ghzCpus}`,
    `--rps=${options.rate ?? 0}`,
    '--format=json',
    options.target,
  ];
  const [command, ...rest] = options.pin
    ? ['taskset', '-c', options.pin, binary('ghz'), ...args]
    : [binary('ghz'), ...args];
  // The JSON report lists every request; a 10 s run at 10k rps is a few MB.
  const { stdout } = await run(command as string, rest, { maxBuffer: 1024 * 1024 * 1024 });
  const report = JSON.parse(stdout) as GhzReport;
  const percentile = (p: number) =>
    (report.latencyDistribution?.find((entry) => entry.percentage === p)?.latency ?? Number.NaN) / 1e6;
  return {
    count: report.count,
    rps: report.rps,
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    statuses: report.statusCodeDistribution ?? {},
  };
}
