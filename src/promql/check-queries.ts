// Runs the name check over a list of generated queries and turns every problem into one
// coded error, so dashboards and alerts refuse to write a query that names an unknown
// metric or label.
import { GENERATION_ERROR_CODES, GenerationError } from '../errors/generation-error.js';
import { checkPromqlNames, formatNameProblems, type NameCatalogue } from './names.js';

/** A labelled query to check: `source` says where it comes from (rule, panel) in messages. */
export interface NamedQuery {
  source: string;
  expr: string;
}

/** Every name problem of every query, each prefixed by its source. */
export function checkQueries(queries: readonly NamedQuery[], catalogue: NameCatalogue): string[] {
  return queries.flatMap((q) => formatNameProblems(q.source, checkPromqlNames(q.expr, catalogue)));
}

/** Throws a GenerationError (KANSOKU_ERR_PROMQL_NAME) listing every problem of every query. */
export function assertQueryNames(queries: readonly NamedQuery[], catalogue: NameCatalogue): void {
  const problems = checkQueries(queries, catalogue);
  if (problems.length > 0) {
    throw new GenerationError(
      GENERATION_ERROR_CODES.promqlName,
      'generated queries name unknown metrics or labels',
      problems,
    );
  }
}
