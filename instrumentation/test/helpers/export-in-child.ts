// Runs export-then-exit.ts in a child process and returns what it printed: one export with
// nothing else keeping the child's event loop alive. Asynchronous, because the collector the
// child talks to answers from the test's own event loop. The timeout kills a child that an
// idle exporter kept alive.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function exportInChild(endpoint: string, protocol: 'grpc' | 'http'): Promise<string> {
  const script = join(import.meta.dirname, 'export-then-exit.ts');
  const { stdout } = await run(
    process.execPath,
    ['--conditions=kansoku-source', '--import', 'tsx', script, endpoint, protocol],
    { timeout: 30_000 },
  );
  return stdout.trim();
}
