// One log destination that writes every line to the demo's log output and hands it to the
// log shipping as well. flush() flushes the output, as the loggers' shutdown expects.
import type { DestinationStream } from 'pino';

export function teeDestination(
  output: DestinationStream & { flush?(done?: (err?: Error | null) => void): void },
  ship: (line: string) => void,
): DestinationStream & { flush(done: (err?: Error | null) => void): void } {
  return {
    write(line: string) {
      output.write(line);
      ship(line);
    },
    flush(done) {
      if (typeof output.flush !== 'function') return done();
      output.flush(done);
    },
  };
}
