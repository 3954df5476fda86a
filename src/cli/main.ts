#!/usr/bin/env node
// The `kansoku` command. Each subcommand lives in its own file and is listed in
// commands.ts; this file only dispatches and turns a thrown error into one clear message
// and an exit code: 2 for a bad command line or configuration, 1 for anything else.
import { GenerationError } from '../errors/generation-error.js';
import { EXIT, UsageError } from './args.js';
import { commands } from './commands.js';

const [name, ...args] = process.argv.slice(2);
const command = name === undefined ? undefined : commands[name];

function usage(): string {
  const list = Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)
    .join('\n');
  return `usage: kansoku <command> [options]\n\ncommands:\n${list}\n\nkansoku <command> --help describes one.\n`;
}

if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
  const topic = name === 'help' && args[0] !== undefined ? commands[args[0]] : undefined;
  process.stderr.write(topic?.usage ? `${topic.usage}\n` : usage());
  process.exitCode = name === 'help' && args[0] !== undefined && !topic ? EXIT.usage : EXIT.ok;
} else if (command === undefined) {
  process.stderr.write(`kansoku: unknown command ${JSON.stringify(name)}\n${usage()}`);
  process.exitCode = EXIT.usage;
} else {
  try {
    process.exitCode = await command.run(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kansoku ${name}: ${err.message} (kansoku ${name} --help)\n`);
      process.exitCode = EXIT.usage;
    } else if (err instanceof GenerationError && err.code === 'KANSOKU_ERR_CONFIG') {
      process.stderr.write(`kansoku ${name}: ${err.message}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`kansoku ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = EXIT.failed;
    }
  }
}
