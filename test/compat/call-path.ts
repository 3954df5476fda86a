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
 * Left out of these runs (not of `npm test`, which runs them on the repository's Node.js and
 * grpc-js): two tests whose outcome depends on whether the server's deadline timer fires
 * before the client's cancel arrives, which a loaded machine decides, not the Node.js or
 * grpc-js version. Run four more times per `npm test` they would fail it for that reason alone.
 */
export const TIMING_DEPENDENT = [
  'a deadline that passes is counted once as DeadlineExceeded, not as the late OK',
  'a server span is an error only for the codes the conventions name; a client span for any non-OK code',
];
const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// node 20 has no --test-skip-pattern: a name pattern that matches every other test.
const NAME_PATTERN = `^(?!(${TIMING_DEPENDENT.map(escapeRegExp).join('|')})$)`;

export interface CallPathRun {
  code: number | null;
  pass: number;
  fail: number;
  /** The end of the run's output, for the assertion message. */
  tail: string;
}

/** Runs CALL_PATH_TESTS with `node` (a binary path), `imports` loaded after tsx, in a child process. */
export function runCallPathTests(
  node: string,
  imports: string[] = [],
  env: Record<string, string> = {},
): Promise<CallPathRun> {
  const args = [
    '--conditions=kansoku-source',
    '--import',
    'tsx',
    ...imports.flatMap((file) => ['--import', file]),
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    `--test-name-pattern=${NAME_PATTERN}`,
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
      resolve({ code, pass: count('pass'), fail: count('fail'), tail: output.slice(-6000) });
    });
  });
}
