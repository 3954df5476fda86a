// Which metric and label names a PromQL expression uses, read from the syntax tree of the
// Prometheus project's own parser (@prometheus-io/lezer-promql), and a check of those names
// against the catalogues. The check follows labels through the expression: a `by (x)` or
// `on (x)` is only right when x reaches that point (from a selector's family, a target label,
// or a label_replace), so a query grouping by a label an inner sum dropped is caught too;
// an on (x) needs x on both sides, and histogram_quantile needs `le` to reach it.
import type { MetricFamily } from '@kansoku/instrumentation';
import { parser } from '@prometheus-io/lezer-promql';

export type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export type NameProblemKind = 'syntax' | 'unknown-metric' | 'unknown-label' | 'unnamed-selector';

export interface NameProblem {
  kind: NameProblemKind;
  /** The metric or label name at fault, when there is one. */
  name?: string;
  /** Character offset in the expression. */
  offset: number;
  message: string;
}

export interface PromqlNames {
  metrics: string[];
  labels: string[];
}

/** Every series name the families expose, with the labels each series carries, plus target labels. */
export interface NameCatalogue {
  series: ReadonlyMap<string, ReadonlySet<string>>;
  targetLabels: ReadonlySet<string>;
}

/** Labels Prometheus itself understands on any selector. */
const RESERVED_LABELS = new Set(['__name__']);

/**
 * Indexes families by the series names they expose: a histogram `h` exposes h_bucket (with
 * `le`), h_sum and h_count; a summary `s` exposes s (with `quantile`), s_sum and s_count.
 */
export function createNameCatalogue(families: readonly MetricFamily[], targetLabels: readonly string[]): NameCatalogue {
  const series = new Map<string, Set<string>>();
  const add = (name: string, labels: readonly string[]) => {
    const known = series.get(name) ?? new Set<string>();
    for (const l of labels) known.add(l);
    series.set(name, known);
  };
  for (const f of families) {
    if (f.type === 'histogram') {
      add(`${f.name}_bucket`, [...f.labels, 'le']);
      add(`${f.name}_sum`, f.labels);
      add(`${f.name}_count`, f.labels);
    } else if (f.type === 'summary') {
      add(f.name, [...f.labels, 'quantile']);
      add(`${f.name}_sum`, f.labels);
      add(`${f.name}_count`, f.labels);
    } else {
      add(f.name, f.labels);
    }
  }
  return { series, targetLabels: new Set(targetLabels) };
}

/** The metric and label names an expression mentions, each once, sorted. Syntax errors are ignored. */
export function extractPromqlNames(expr: string): PromqlNames {
  const metrics = new Set<string>();
  const labels = new Set<string>();
  const tree = parser.parse(expr);
  tree.iterate({
    enter(node) {
      if (node.name === 'VectorSelector') {
        const name = selectorMetricName(node.node, expr);
        if (name) metrics.add(name);
      } else if (node.name === 'LabelName') {
        labels.add(expr.slice(node.from, node.to));
      } else if (node.name === 'QuotedLabelName' && node.node.parent?.name === 'QuotedLabelMatcher') {
        labels.add(unquote(expr.slice(node.from, node.to)));
      } else if (node.name === 'FunctionCall') {
        for (const label of labelArguments(node.node, expr).all) labels.add(label);
      }
    },
  });
  labels.delete('__name__');
  return { metrics: [...metrics].sort(), labels: [...labels].sort() };
}

/** Every problem with the names an expression uses; empty when all of them are catalogued. */
export function checkPromqlNames(expr: string, catalogue: NameCatalogue): NameProblem[] {
  const problems: NameProblem[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        problems.push({ kind: 'syntax', offset: node.from, message: `syntax error at ${where(expr, node.from)}` });
      }
    },
  });
  if (problems.length > 0) return problems;
  const top = tree.topNode.firstChild;
  if (top) new Analyzer(expr, catalogue, problems).labelsOf(top);
  return problems;
}

/**
 * The labels an expression's result carries (target labels included), or undefined when
 * it does not parse. Used to check that a recording rule's catalogue entry is right.
 */
export function outputLabels(expr: string, catalogue: NameCatalogue): Set<string> | undefined {
  const top = parseExpression(expr);
  return top ? new Analyzer(expr, catalogue, []).labelsOf(top).labels : undefined;
}

/** The top node of an expression's syntax tree, or undefined when the expression does not parse. */
export function parseExpression(expr: string): SyntaxNode | undefined {
  const tree = parser.parse(expr);
  let broken = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken = true;
    },
  });
  const top = tree.topNode.firstChild;
  return broken || !top ? undefined : top;
}

/** One line per problem, naming where the expression came from. */
export function formatNameProblems(source: string, problems: readonly NameProblem[]): string[] {
  return problems.map((p) => `${source}: ${p.message}`);
}

/**
 * Grafana expands `$__rate_interval` and friends before Prometheus sees a query. Replaces
 * them (and any `$var` used as a range or in a `by` list) with stand-ins the parser accepts,
 * so that panel queries can be checked too. Variables inside strings need no stand-in.
 */
export function substituteGrafanaVariables(expr: string): string {
  return expr
    .replace(/\[\s*\$\{?__\w+\}?\s*(?=[\]:])/g, '[5m')
    .replace(/:\s*\$\{?__\w+\}?\s*\]/g, ':1m]')
    .replace(/\$\{?__\w+\}?/g, '300');
}

interface Flow {
  labels: Set<string>;
  /** True for numbers and scalar functions, which match any vector. */
  scalar: boolean;
}

const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi']);
const NO_LABEL_FUNCTIONS = new Set(['vector', 'time', 'pi', 'scalar']);
const KEEP_ALL_AGGREGATIONS = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
const BINARY_OPERATORS = new Set([
  'Pow',
  'Mul',
  'Div',
  'Mod',
  'Add',
  'Sub',
  'Eql',
  'Gte',
  'Gtr',
  'Lte',
  'Lss',
  'Neq',
  'Atan2',
  'And',
  'Or',
  'Unless',
  'TrimUpper',
  'TrimLower',
]);

class Analyzer {
  constructor(
    private readonly expr: string,
    private readonly catalogue: NameCatalogue,
    private readonly problems: NameProblem[],
  ) {}

  labelsOf(node: SyntaxNode): Flow {
    switch (node.name) {
      case 'VectorSelector':
        return this.selector(node);
      case 'MatrixSelector':
      case 'SubqueryExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr':
      case 'AnchoredExpr':
      case 'SmoothedExpr':
      case 'ParenExpr':
        return this.first(node);
      case 'UnaryExpr':
        return this.first(node, (n) => n.name !== 'UnaryOp');
      case 'NumberDurationLiteral':
      case 'StringLiteral':
        return { labels: new Set(), scalar: true };
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'FunctionCall':
        return this.call(node);
      case 'BinaryExpr':
        return this.binary(node);
      default:
        return this.first(node);
    }
  }

  private first(node: SyntaxNode, accept: (n: SyntaxNode) => boolean = () => true): Flow {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (isExpression(child) && accept(child)) return this.labelsOf(child);
    }
    return { labels: new Set(), scalar: true };
  }

  private selector(node: SyntaxNode): Flow {
    const name = selectorMetricName(node, this.expr);
    const target = this.catalogue.targetLabels;
    let own: ReadonlySet<string> | undefined;
    if (name === undefined) {
      // `{__name__=~".+"}` reads every series on purpose (series per metric, say): there is
      // no name to check, and only target labels may narrow it. A narrower pattern could
      // name unknown metrics, so it is refused.
      if (this.selectsEveryName(node)) own = new Set();
      else
        this.problem('unnamed-selector', node.from, `selector ${this.text(node)} has no literal metric name to check`);
    } else {
      own = this.catalogue.series.get(name);
      if (!own) this.problem('unknown-metric', node.from, `metric ${name} is in no catalogue`, name);
    }
    for (const matcher of childrenNamed(node, 'LabelMatchers').flatMap((m) => children(m))) {
      const labelNode = matcher.getChild('LabelName') ?? matcher.getChild('QuotedLabelName');
      if (!labelNode || (matcher.name !== 'UnquotedLabelMatcher' && matcher.name !== 'QuotedLabelMatcher')) continue;
      const label = labelNode.name === 'QuotedLabelName' ? unquote(this.text(labelNode)) : this.text(labelNode);
      if (RESERVED_LABELS.has(label) || target.has(label) || !own || own.has(label)) continue;
      this.problem('unknown-label', labelNode.from, `label ${label} is not a label of ${name}`, label);
    }
    return { labels: new Set([...(own ?? []), ...target]), scalar: false };
  }

  private selectsEveryName(node: SyntaxNode): boolean {
    return childrenNamed(node, 'LabelMatchers')
      .flatMap((m) => children(m))
      .some(
        (m) =>
          this.text(m.getChild('LabelName') ?? m) === '__name__' &&
          this.text(m.getChild('MatchOp') ?? m) === '=~' &&
          ['.+', '.*'].includes(unquote(this.text(m.getChild('StringLiteral') ?? m))),
      );
  }

  private aggregate(node: SyntaxNode): Flow {
    const op = this.text(node.getChild('AggregateOp') ?? node).toLowerCase();
    const body = node.getChild('FunctionCallBody');
    const args = body ? children(body).filter(isExpression) : [];
    const flows = args.map((a) => this.labelsOf(a));
    const input = flows.at(-1)?.labels ?? new Set<string>();
    const modifier = node.getChild('AggregateModifier');
    const grouping = modifier ? this.groupingLabels(modifier) : [];
    const without = Boolean(modifier?.getChild('Without'));
    // Dropping a label a series lacks is harmless, so without() only needs a known name.
    for (const g of grouping) {
      if (without) this.requireKnown(g.label, g.offset, `${op} without`);
      else this.requireLabel(g.label, input, g.offset, `${op} groups by`);
    }
    let out: Set<string>;
    if (KEEP_ALL_AGGREGATIONS.has(op)) out = new Set(input);
    else if (modifier?.getChild('Without'))
      out = difference(
        input,
        grouping.map((g) => g.label),
      );
    else out = new Set(grouping.map((g) => g.label));
    if (op === 'count_values' && args[0]?.name === 'StringLiteral') out.add(unquote(this.text(args[0])));
    return { labels: out, scalar: false };
  }

  private call(node: SyntaxNode): Flow {
    const fn = this.text(node.getChild('FunctionIdentifier') ?? node);
    const body = node.getChild('FunctionCallBody');
    const args = body ? children(body).filter(isExpression) : [];
    const flows = args.map((a) => this.labelsOf(a));
    if (NO_LABEL_FUNCTIONS.has(fn)) return { labels: new Set(), scalar: SCALAR_FUNCTIONS.has(fn) };
    const input = flows[0]?.labels ?? new Set<string>();
    const { sources, created } = labelArguments(node, this.expr);
    for (const s of sources) this.requireLabel(s.label, input, s.offset, `${fn} reads`);
    // A classic histogram's quantile needs its buckets: without `le` in the sum's by(), the
    // function gets no buckets and the query returns nothing.
    const buckets = fn === 'histogram_quantile' || fn === 'histogram_fraction' ? args.at(-1) : undefined;
    if (buckets && !flows.at(-1)?.scalar)
      this.requireLabel('le', flows.at(-1)?.labels ?? new Set(), buckets.from, `${fn} reads`);
    const out = new Set<string>();
    for (const f of flows) for (const l of f.labels) out.add(l);
    for (const c of created) out.add(c);
    if (fn === 'histogram_quantile' || fn === 'histogram_fraction') out.delete('le');
    return { labels: out, scalar: false };
  }

  private binary(node: SyntaxNode): Flow {
    const operands = children(node).filter(isExpression);
    const [leftNode, rightNode] = [operands[0], operands.at(-1)];
    const left = leftNode ? this.labelsOf(leftNode) : { labels: new Set<string>(), scalar: true };
    const right = rightNode && rightNode !== leftNode ? this.labelsOf(rightNode) : left;
    const opNode = children(node).find((c) => BINARY_OPERATORS.has(c.name));
    const clause = node.getChild('MatchingModifierClause');
    if (left.scalar && right.scalar) return { labels: new Set(), scalar: true };
    if (left.scalar) return { labels: new Set(right.labels), scalar: false };
    if (right.scalar) return { labels: new Set(left.labels), scalar: false };

    const both = new Set([...left.labels, ...right.labels]);
    let matching: { label: string; offset: number }[] = [];
    let include: { label: string; offset: number }[] = [];
    let on = false;
    let groupLeft = false;
    let groupRight = false;
    if (clause) {
      const lists = childrenNamed(clause, 'GroupingLabels');
      on = clause.getChild('On') !== null;
      groupLeft = clause.getChild('GroupLeft') !== null;
      groupRight = clause.getChild('GroupRight') !== null;
      if (lists[0]) matching = this.labelList(lists[0]);
      if (lists[1]) include = this.labelList(lists[1]);
      // A label on one side only is empty on the other, so on() would match nothing there.
      for (const m of matching) {
        if (!on) this.requireKnown(m.label, m.offset, 'ignoring()');
        else if (!left.labels.has(m.label) && !right.labels.has(m.label))
          this.requireLabel(m.label, both, m.offset, 'on() matches by');
        else if (!left.labels.has(m.label) || !right.labels.has(m.label))
          this.problem(
            'unknown-label',
            m.offset,
            `on() matches by label ${m.label}, which only the ${left.labels.has(m.label) ? 'left' : 'right'} side has`,
            m.label,
          );
      }
      const oneSide = groupLeft ? right.labels : left.labels;
      for (const i of include)
        this.requireLabel(i.label, oneSide, i.offset, groupLeft ? 'group_left takes' : 'group_right takes');
    }
    const op = opNode?.name ?? '';
    if (SET_OPERATORS.has(op)) return { labels: op === 'Or' ? both : new Set(left.labels), scalar: false };
    if (groupLeft) return { labels: new Set([...left.labels, ...include.map((i) => i.label)]), scalar: false };
    if (groupRight) return { labels: new Set([...right.labels, ...include.map((i) => i.label)]), scalar: false };
    if (clause && on) return { labels: new Set(matching.map((m) => m.label)), scalar: false };
    if (clause)
      return {
        labels: difference(
          left.labels,
          matching.map((m) => m.label),
        ),
        scalar: false,
      };
    return { labels: new Set(left.labels), scalar: false };
  }

  private groupingLabels(modifier: SyntaxNode): { label: string; offset: number }[] {
    const list = modifier.getChild('GroupingLabels');
    return list ? this.labelList(list) : [];
  }

  private labelList(list: SyntaxNode): { label: string; offset: number }[] {
    return children(list)
      .filter((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName')
      .map((c) => ({ label: c.name === 'QuotedLabelName' ? unquote(this.text(c)) : this.text(c), offset: c.from }));
  }

  private requireLabel(label: string, available: ReadonlySet<string>, offset: number, what: string): void {
    if (label === '' || available.has(label) || RESERVED_LABELS.has(label)) return;
    const known =
      [...this.catalogue.series.values()].some((s) => s.has(label)) || this.catalogue.targetLabels.has(label);
    const why = known ? 'which does not reach this point of the query' : 'which no catalogue lists';
    this.problem('unknown-label', offset, `${what} label ${label}, ${why}`, label);
  }

  private requireKnown(label: string, offset: number, what: string): void {
    if (RESERVED_LABELS.has(label) || this.catalogue.targetLabels.has(label)) return;
    if ([...this.catalogue.series.values()].some((s) => s.has(label))) return;
    this.problem('unknown-label', offset, `${what} names label ${label}, which no catalogue lists`, label);
  }

  private problem(kind: NameProblemKind, offset: number, message: string, name?: string): void {
    const entry: NameProblem = { kind, offset, message: `${message} (at ${where(this.expr, offset)})` };
    if (name !== undefined) entry.name = name;
    this.problems.push(entry);
  }

  private text(node: SyntaxNode): string {
    return this.expr.slice(node.from, node.to);
  }
}

/** The labels a function call reads (label_replace's source, label_join's sources, sort_by_label's) and creates. */
function labelArguments(
  call: SyntaxNode,
  expr: string,
): { sources: { label: string; offset: number }[]; created: string[]; all: string[] } {
  const fn = expr.slice(call.getChild('FunctionIdentifier')?.from ?? 0, call.getChild('FunctionIdentifier')?.to ?? 0);
  const body = call.getChild('FunctionCallBody');
  const strings = body ? children(body).filter((c) => c.name === 'StringLiteral') : [];
  const value = (n: SyntaxNode | undefined) =>
    n ? { label: unquote(expr.slice(n.from, n.to)), offset: n.from } : undefined;
  let sources: ({ label: string; offset: number } | undefined)[] = [];
  let created: string[] = [];
  if (fn === 'label_replace') {
    // label_replace(v, dst, replacement, src, regex)
    sources = [value(strings[2])];
    created = [value(strings[0])?.label ?? ''];
  } else if (fn === 'label_join') {
    // label_join(v, dst, separator, src...)
    sources = strings.slice(2).map(value);
    created = [value(strings[0])?.label ?? ''];
  } else if (fn === 'sort_by_label' || fn === 'sort_by_label_desc') {
    sources = strings.map(value);
  }
  const kept = sources.filter((s): s is { label: string; offset: number } => s !== undefined && s.label !== '');
  created = created.filter((c) => c !== '');
  return { sources: kept, created, all: [...kept.map((s) => s.label), ...created] };
}

export function selectorMetricName(selector: SyntaxNode, expr: string): string | undefined {
  const id = selector.getChild('Identifier');
  if (id) return expr.slice(id.from, id.to);
  const matchers = selector.getChild('LabelMatchers');
  if (!matchers) return undefined;
  for (const m of children(matchers)) {
    // Prometheus 3's quoted form: {"metric.name", label="v"}.
    if (m.name === 'QuotedLabelName') return unquote(expr.slice(m.from, m.to));
    const label = m.getChild('LabelName');
    const op = m.getChild('MatchOp')?.firstChild;
    const value = m.getChild('StringLiteral');
    if (label && value && op?.name === 'EqlSingle' && expr.slice(label.from, label.to) === '__name__') {
      return unquote(expr.slice(value.from, value.to));
    }
  }
  return undefined;
}

export function isExpression(node: SyntaxNode): boolean {
  return (
    ![
      'AggregateOp',
      'AggregateModifier',
      'FunctionIdentifier',
      'MatchingModifierClause',
      'BoolModifier',
      'UnaryOp',
      'LabelMatchers',
      'DurationExpr',
      'OffsetDurationExpr',
      'Offset',
      'At',
      'AtModifierPreprocessors',
      'LineComment',
      '⚠',
    ].includes(node.name) && !BINARY_OPERATORS.has(node.name)
  );
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

function childrenNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  return children(node).filter((c) => c.name === name);
}

function difference(set: ReadonlySet<string>, remove: readonly string[]): Set<string> {
  const out = new Set(set);
  for (const r of remove) out.delete(r);
  return out;
}

export function unquote(literal: string): string {
  const quote = literal[0];
  if ((quote === '"' || quote === "'") && literal.endsWith(quote)) {
    return literal.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  if (quote === '`' && literal.endsWith('`')) return literal.slice(1, -1);
  return literal;
}

/** `line:column` of an offset, plus a short excerpt, for messages. */
function where(expr: string, offset: number): string {
  const before = expr.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const excerpt = expr.slice(offset, offset + 40).split('\n')[0];
  return `${line}:${column} near ${JSON.stringify(excerpt)}`;
}
