// One fixture project of test/projects/ run against the packed install: copied (with the
// shared harness, and the shared TypeScript service when it has no service of its own) into
// a folder under the install, built by its own `npm run build` where it has one, then
// started with plain Node.js (no tsx, no kansoku-source condition) as service
// `fixture-<name>` (OTEL_SERVICE_NAME). The
// service prints one {"fixtureReport": …} line when its calls are done and waits for stdin
// to close; every other JSON line on its stdout is a log line.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const projects = join(import.meta.dirname, '../../projects');
const REPORT_TIMEOUT_MS = 60_000;

export interface FixtureReport {
  metricsUrl: string;
  [key: string]: unknown;
}

export interface RunningFixture {
  report: FixtureReport;
  /** The JSON lines the service wrote to stdout so far (its log lines). */
  logLines(): Record<string, unknown>[];
  /** Closes stdin, so that the service shuts down; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** Removes the copied project; kills the service if it still runs. */
  cleanup(): Promise<void>;
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** Copies, builds and starts test/projects/<name>; resolves once it reported. */
export async function startFixture(
  installDir: string,
  name: string,
  env: Record<string, string>,
): Promise<RunningFixture> {
  const workDir = await mkdtemp(join(installDir, 'run-'));
  const projectDir = join(workDir, name);
  let child: ChildProcess | undefined;
  const cleanup = async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await cp(join(projects, 'harness'), join(workDir, 'harness'), { recursive: true });
    await cp(join(projects, name), projectDir, { recursive: true });
    if (!existsSync(join(projectDir, 'service.ts')) && !existsSync(join(projectDir, 'service.js'))) {
      await cp(join(projects, 'service.ts'), join(projectDir, 'service.ts'));
    }
    const manifest = JSON.parse(await readFile(join(projectDir, 'package.json'), 'utf8')) as {
      main: string;
      scripts?: { build?: string };
    };
    if (manifest.scripts?.build) {
      await run('npm', ['run', 'build', '--silent'], { cwd: projectDir }).catch(
        (err: { stdout?: string; stderr?: string }) => {
          throw new Error(`${name}: npm run build failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
        },
      );
    }
    // What a consumer's Node.js does: no inherited --conditions or --import.
    const { NODE_OPTIONS: _, ...inherited } = process.env;
    const started = spawn(process.execPath, [manifest.main], {
      cwd: projectDir,
      env: { ...inherited, OTEL_SERVICE_NAME: `fixture-${name}`, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child = started;
    let stdout = '';
    let stderr = '';
    started.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    started.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = once(started, 'exit');
    const report = await new Promise<FixtureReport>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}: no report within ${REPORT_TIMEOUT_MS} ms\n${stderr}`)),
        REPORT_TIMEOUT_MS,
      );
      const check = () => {
        const found = jsonLines(stdout).find((line) => 'fixtureReport' in line);
        if (!found) return;
        clearTimeout(timer);
        resolve(found.fixtureReport as FixtureReport);
      };
      started.stdout.on('data', check);
      exited.then(([code]) => {
        clearTimeout(timer);
        reject(new Error(`${name}: exited with ${code} before reporting\n${stderr}\n${stdout.slice(-2000)}`));
      }, reject);
    });
    return {
      report,
      logLines: () => jsonLines(stdout).filter((line) => !('fixtureReport' in line)),
      async stop() {
        started.stdin.end();
        const [code] = await exited;
        if (code !== 0) process.stderr.write(`${name} exited with ${code}:\n${stderr}\n`);
        return code as number | null;
      },
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
