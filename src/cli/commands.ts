// The subcommands of `kansoku`. Add one by writing src/cli/<name>-command.ts and listing it here.
import { demoCommand } from './demo-command.js';

export interface Command {
  summary: string;
  /** Resolves with the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  demo: demoCommand,
};
