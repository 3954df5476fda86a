// Reads a Dockerfile with dockerfile-ast (the parser behind the Dockerfile language
// server) and lints it with dockerfile-utils: the images cannot be built here (no Docker),
// so their structure is what the tests can hold to account.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Dockerfile, DockerfileParser, type From, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

export const ROOT = join(import.meta.dirname, '../..');

export interface ParsedDockerfile {
  text: string;
  dockerfile: Dockerfile;
  /** dockerfile-utils' problems (syntax, unknown instructions, bad flags), as text. */
  problems: string[];
  stages: Stage[];
}

export interface Stage {
  /** The image, with ${ARG}s of the global scope resolved. */
  image: string;
  name: string | null;
  instructions: Instruction[];
}

export function readDockerfile(path: string): ParsedDockerfile {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  const globals = new Map(
    dockerfile.getInitialARGs().map((arg) => [arg.getProperty()?.getName(), arg.getProperty()?.getValue()]),
  );
  const resolve = (image: string) => image.replace(/\$\{(\w+)\}/g, (_, name: string) => globals.get(name) ?? '');
  const froms = dockerfile.getFROMs();
  const stages = froms.map((from: From, i) => {
    const start = from.getRange().start.line;
    const end = froms[i + 1]?.getRange().start.line ?? Number.POSITIVE_INFINITY;
    return {
      image: resolve(from.getImage() ?? ''),
      name: from.getBuildStage(),
      instructions: dockerfile
        .getInstructions()
        .filter((ins) => ins.getRange().start.line > start && ins.getRange().start.line < end),
    };
  });
  return { text, dockerfile, problems, stages };
}

export function instructions(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.getKeyword() === keyword);
}

export function args(instruction: Instruction): string[] {
  return instruction.getArguments().map((a) => a.getValue());
}
