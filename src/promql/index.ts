// The PromQL checker: names a query uses, checked against a catalogue, and selector syntax.
export { assertQueryNames, checkQueries, type NamedQuery } from './check-queries.js';
export {
  checkPromqlNames,
  createNameCatalogue,
  extractPromqlNames,
  formatNameProblems,
  type NameCatalogue,
  type NameProblem,
  outputLabels,
  substituteGrafanaVariables,
} from './names.js';
export { isLabelName, isSelector, selectorProblem } from './selector.js';
