// `kansoku <args>` as a user runs it from the source tree: a child process, its exit code
// and output.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

/** `entry` is the shipped CLI (src/cli/main.ts), or another script run the same way (scripts/demo.ts). */
export function kansoku(
  args: string[],
  env: Record<string, string> = {},
  entry = 'src/cli/main.ts',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=kansoku-source', '--import', 'tsx', entry, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
