// The library's call-path tests: the instrumentation test files that drive real grpc-js
// calls of every type through the interceptors. test/compat runs them again on each
// supported Node.js and on the oldest grpc-js the peer range allows, the way `npm test`
// runs them (the TypeScript source through tsx, --conditions=kansoku-source).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export const CALL_PATH_TESTS = [
  'instrumentation/test/server-interceptor.test.ts',
  'instrumentation/test/client-interceptor.test.ts',
  'instrumentation/test/tracing.test.ts',
  'instrumentation/test/access-log.test.ts',
];

/**
 * Two tests whose outcome depends on whether the server's deadline timer fires before the
 * client's cancel arrives, which a loaded machine decides, not the Node.js or grpc-js
 * version. Run four more times per `npm test`, they would fail it for that reason alone, so
 * when only these fail they get one more run of their own, which must pass.
 */
export const TIMING_DEPENDENT = [
  'a deadline that passes is counted once as DeadlineExceeded, not as the late OK',
  'a server span is an error only for the codes the conventions name; a client span for any non-OK code',
];
const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface CallPathRun {
  code: number | null;
  pass: number;
  fail: number;
  /** The end of the run's output, for the assertion message. */
  tail: string;
  /** Names of the tests that failed. */
  failed: string[];
}

/**
 * Runs CALL_PATH_TESTS with `node` (a binary path), `imports` loaded after tsx, in a child
 * process; when the only failures are TIMING_DEPENDENT tests, runs those once more and
 * reports that second run.
 */
export async function runCallPathTests(
  node: string,
  imports: string[] = [],
  env: Record<string, string> = {},
): Promise<CallPathRun> {
  const first = await runOnce(node, imports, env, []);
  const retry = first.failed.length > 0 && first.failed.every((name) => TIMING_DEPENDENT.includes(name));
  if (!retry) return first;
  const again = await runOnce(node, imports, env, [
    `--test-name-pattern=^(${first.failed.map(escapeRegExp).join('|')})$`,
  ]);
  // The second run must have run every test it was asked to, or it proves nothing.
  const ranAll = again.pass + again.fail >= first.failed.length;
  return {
    ...again,
    pass: first.pass,
    fail: ranAll ? again.fail : first.fail,
    tail: `(first run: ${first.failed.join('; ')} failed; run again)\n${again.tail}`,
  };
}

function runOnce(node: string, imports: string[], env: Record<string, string>, extra: string[]): Promise<CallPathRun> {
  const args = [
    '--conditions=kansoku-source',
    '--import',
    'tsx',
    ...imports.flatMap((file) => ['--import', file]),
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    ...extra,
    ...CALL_PATH_TESTS,
  ];
  const { NODE_OPTIONS: _, NODE_TEST_CONTEXT: __, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { cwd: root, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const count = (name: string) => Number(new RegExp(`ℹ ${name} (\\d+)`).exec(output)?.[1] ?? -1);
      // The spec reporter repeats failures in a summary; the first listing is enough.
      const failed = [...(output.split('✖ failing tests:')[0]?.matchAll(/^\s*✖ (.+) \(\d[\d.]*ms\)$/gm) ?? [])]
        .map((m) => m[1] as string)
        .filter((name) => !name.endsWith('.test.ts'));
      resolve({
        code,
        pass: count('pass'),
        fail: count('fail'),
        tail: output.slice(-6000),
        failed: [...new Set(failed)],
      });
    });
  });
}
