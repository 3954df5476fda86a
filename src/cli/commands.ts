// The subcommands of `kansoku`. Add one by writing src/cli/<name>-command.ts and listing it here.
import { analyzeCommand } from './analyze-command.js';
import { checkCommand } from './check-command.js';
import { demoCommand } from './demo-command.js';
import { esCommand } from './es-command.js';
import { forwarderCommand } from './forwarder-command.js';
import { generateCommand } from './generate-command.js';

export interface Command {
  summary: string;
  /** Shown by `kansoku help <command>`; the command prints it itself on --help. */
  usage?: string;
  /** Resolves with the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  generate: generateCommand,
  check: checkCommand,
  analyze: analyzeCommand,
  demo: demoCommand,
  es: esCommand,
  forwarder: forwarderCommand,
};
