// kubectl (built with the control plane, same release) against a test cluster's kubeconfig.
import { execFile } from 'node:child_process';
import { binary } from '../paths.js';

export interface KubectlOptions {
  /** Written to kubectl's standard input (for `apply -f -`). */
  input?: string;
}

/** Runs kubectl; resolves with its stdout, rejects with its stderr when it fails. */
export function runKubectl(kubeconfig: string, args: string[], options: KubectlOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      binary('kubectl'),
      [`--kubeconfig=${kubeconfig}`, ...args],
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, KUBECONFIG: kubeconfig } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`kubectl ${args.join(' ')}: ${stderr.trim() || error.message}`));
        else resolve(stdout);
      },
    );
    // kubectl may exit before it reads its input (a `get`, or an error): the EPIPE that
    // writing then raises would otherwise crash the test process; the exit status and
    // stderr above say what went wrong.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}
