// Whether a text is a list of label matchers (`job="x", metrics_path=~"/m.*"`), the form every
// selector in the configuration takes, checked with the Prometheus project's own parser.
import { parser } from '@prometheus-io/lezer-promql';

/** A problem with `selector` (as a sentence naming it), or undefined when it is a list of label matchers. */
export function selectorProblem(selector: unknown): string | undefined {
  if (typeof selector !== 'string') return 'must be a string of label matchers';
  if (selector.trim() === '') return 'must not be empty';
  const text = `up{${selector}}`;
  const tree = parser.parse(text);
  let ok = true;
  let selectors = 0;
  tree.iterate({
    enter(node) {
      if (node.type.isError) ok = false;
      if (node.name === 'VectorSelector') selectors += 1;
    },
  });
  const top = tree.topNode.firstChild;
  if (!ok || selectors !== 1 || top?.name !== 'VectorSelector' || top.to !== text.length) {
    return `${JSON.stringify(selector)} is not a list of label matchers like job="x", metrics_path=~"/m.*"`;
  }
  return undefined;
}

/** True when `selector` is a list of label matchers, such as `job="x", metrics_path=~"/m.*"`. */
export function isSelector(selector: string): boolean {
  return selectorProblem(selector) === undefined;
}

/** True when `name` is a label name a user may set (not reserved with a leading `__`). */
export function isLabelName(name: unknown): boolean {
  return typeof name === 'string' && /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) && !name.startsWith('__');
}
