// One thing wrong with a Fluentd configuration, and where.
import type { Location } from './syntax.js';

export interface Problem extends Location {
  message: string;
}

export function problemAt(where: Location, message: string): Problem {
  return { file: where.file, line: where.line, message };
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}
