#!/usr/bin/env -S node --conditions=kansoku-source --import tsx
// The `kansoku` command. Each subcommand lives in its own file and is listed in
// commands.ts; this file only dispatches and turns a thrown error into exit code 1.
import { commands } from './commands.js';

const [name, ...args] = process.argv.slice(2);
const command = name === undefined ? undefined : commands[name];

if (command === undefined || name === '--help' || name === '-h') {
  const list = Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)
    .join('\n');
  process.stderr.write(`usage: kansoku <command> [options]\n\ncommands:\n${list}\n`);
  process.exitCode = name === undefined || name === '--help' || name === '-h' ? 0 : 2;
} else {
  try {
    process.exitCode = await command.run(args);
  } catch (err) {
    process.stderr.write(`kansoku ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
