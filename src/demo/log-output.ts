// Where the demo's JSON log lines go: a file (the default, so the terminal stays readable)
// or stdout (`--logs stdout`, for piping into jq). Every logger of the demo (the shop, the
// load generator, the forwarder) writes whole lines to this one destination.
import pino, { type DestinationStream } from 'pino';

export type LogTarget = { kind: 'stdout' } | { kind: 'file'; path: string };

export interface LogOutput {
  destination: DestinationStream;
  /** Where the lines go, for the banner. */
  describe: string;
  /** Flushes what is buffered and closes the file (stdout stays open). */
  close(): Promise<void>;
}

export function openLogOutput(target: LogTarget): LogOutput {
  // Asynchronous writes: a slow terminal or disk must not slow the shop down.
  const sonic = pino.destination(
    target.kind === 'stdout' ? { dest: 1, sync: false } : { dest: target.path, sync: false, mkdir: true },
  );
  return {
    destination: sonic,
    describe: target.kind === 'stdout' ? 'stdout' : target.path,
    close: () =>
      new Promise<void>((resolve) => {
        sonic.flush(() => {
          if (target.kind === 'stdout') return resolve();
          sonic.once('close', () => resolve());
          sonic.end();
        });
      }),
  };
}
