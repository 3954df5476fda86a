// A validator for kansoku's Fluentd configuration, which cannot be run here (Fluentd
// comes only from RubyGems): it parses the configuration the way Fluentd does and checks
// it against tables of the pinned plugins' parameters and against routing rules.

import { formatProblem, type Problem } from './problem.js';
import { checkRouting, type RouteTrace } from './routing.js';
import { checkStructure, type StructureOptions } from './structure.js';
import { type ConfigElement, ConfigSyntaxError, type ParseOptions, parseConfigFile } from './syntax.js';

export const FLUENTD_CONFIG_ERROR = 'KANSOKU_ERR_FLUENTD_CONFIG';

export interface FluentdCheckOptions extends ParseOptions, StructureOptions {}

export interface FluentdCheck {
  problems: Problem[];
  root: ConfigElement | undefined;
  traces: RouteTrace[];
}

/** Parses `file` (and what it includes) and lists every problem found, in file order. */
export function checkFluentdConfig(file: string, options: FluentdCheckOptions = {}): FluentdCheck {
  let root: ConfigElement;
  try {
    root = parseConfigFile(file, options);
  } catch (err) {
    if (err instanceof ConfigSyntaxError)
      return { problems: [{ ...err.location, message: err.reason }], root: undefined, traces: [] };
    throw err;
  }
  const routing = checkRouting(root);
  const problems = [...checkStructure(root, options), ...routing.problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
  );
  return { problems, root, traces: routing.traces };
}

export class FluentdConfigError extends Error {
  readonly code = FLUENTD_CONFIG_ERROR;
  constructor(readonly problems: Problem[]) {
    super(
      `${FLUENTD_CONFIG_ERROR}: the Fluentd configuration has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`,
    );
  }
}

export { formatProblem, type Problem } from './problem.js';
export type { RouteTrace } from './routing.js';
