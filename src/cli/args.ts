// What every subcommand shares: parsing its flags into one clear usage error, and the exit
// codes (docs/cli.md). A UsageError is printed as one line and the usage, exit code 2.
import { type ParseArgsConfig, parseArgs } from 'node:util';

export const EXIT = {
  ok: 0,
  /** The command ran and found something (kansoku check), or failed for a reason outside the input. */
  failed: 1,
  /** The command line or the configuration is wrong: nothing was done. */
  usage: 2,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with strict flags; an unknown or malformed flag becomes a UsageError naming it. */
export function parseFlags<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? String(err));
  }
}

export function say(line = ''): void {
  process.stderr.write(`${line}\n`);
}
