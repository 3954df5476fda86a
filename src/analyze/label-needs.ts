// Which series a PromQL expression reads, and which of each one's labels its result depends
// on. `kansoku analyze` uses this to tell a label nobody's query needs from one a dashboard
// groups by, so it never suggests dropping a label a query would miss.
//
// The walk goes top-down with the set of labels the parent needs of a node's result. The
// root needs all of them (a panel's legend and an alert's identity are its labels); an
// aggregation `by (x)` needs only x of its input; a one-to-one match without on() needs
// every label of both sides. Wherever the answer is not plain, it errs towards "all": a
// label wrongly kept costs series, a label wrongly dropped breaks a dashboard.
import {
  children,
  isExpression,
  parseExpression,
  type SyntaxNode,
  selectorMetricName,
  unquote,
} from '../promql/names.js';

/** Every label (`'all'`), or just these. */
export type LabelNeed = 'all' | ReadonlySet<string>;

export interface ExpressionUsage {
  /** Series names read by name, with the labels the result depends on. */
  metrics: Map<string, LabelNeed>;
  /** `__name__` regular expressions of selectors without a literal name (`{__name__=~"go_.*"}`). */
  namePatterns: RegExp[];
}

const ALL = 'all' as const;
const NONE: ReadonlySet<string> = new Set();

const KEEP_INPUT_LABELS = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
/** Functions whose result says only whether series exist, not which. */
const EXISTENCE_ONLY = new Set(['absent', 'absent_over_time']);
const SCALAR_RESULT = new Set(['time', 'pi', 'scalar']);
const EVERY_NAME = new Set([anchored('.+').source, anchored('.*').source]);

/** Adds `more` to a need. */
export function unionNeed(need: LabelNeed, more: LabelNeed | Iterable<string>): LabelNeed {
  if (need === ALL || more === ALL) return ALL;
  return new Set([...need, ...more]);
}

/** The usage of one expression, or undefined when it does not parse. */
export function expressionUsage(expr: string): ExpressionUsage | undefined {
  const top = parseExpression(expr);
  if (!top) return undefined;
  const usage: ExpressionUsage = { metrics: new Map(), namePatterns: [] };
  new NeedWalker(expr, usage).walk(top, ALL);
  return usage;
}

class NeedWalker {
  constructor(
    private readonly expr: string,
    private readonly usage: ExpressionUsage,
  ) {}

  walk(node: SyntaxNode, need: LabelNeed): void {
    switch (node.name) {
      case 'VectorSelector':
        this.selector(node, need);
        return;
      case 'AggregateExpr':
        this.aggregate(node, need);
        return;
      case 'FunctionCall':
        this.call(node, need);
        return;
      case 'BinaryExpr':
        this.binary(node, need);
        return;
      case 'NumberDurationLiteral':
      case 'StringLiteral':
        return;
      default:
        for (const child of expressions(node)) this.walk(child, need);
    }
  }

  private selector(node: SyntaxNode, need: LabelNeed): void {
    const matched = new Set<string>();
    let pattern: RegExp | undefined;
    const matchers = node.getChild('LabelMatchers');
    for (const m of matchers ? children(matchers) : []) {
      const labelNode = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
      if (!labelNode || (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher')) continue;
      const label = labelNode.name === 'QuotedLabelName' ? unquote(this.text(labelNode)) : this.text(labelNode);
      const op = this.text(m.getChild('MatchOp') ?? m);
      const value = m.getChild('StringLiteral');
      if (label === '__name__' && op === '=~' && value) pattern = anchored(unquote(this.text(value)));
      else matched.add(label);
    }
    matched.delete('__name__');
    const name = selectorMetricName(node, this.expr);
    if (name === undefined) {
      // A selector of every name (`{__name__=~".+"}`) counts series, as the cardinality
      // dashboard does: it reads no metric in particular, so it keeps none of them.
      if (pattern && !EVERY_NAME.has(pattern.source)) this.usage.namePatterns.push(pattern);
      return;
    }
    const before = this.usage.metrics.get(name) ?? NONE;
    this.usage.metrics.set(name, unionNeed(unionNeed(before, need), matched));
  }

  private aggregate(node: SyntaxNode, need: LabelNeed): void {
    const op = this.text(node.getChild('AggregateOp') ?? node).toLowerCase();
    const body = node.getChild('FunctionCallBody');
    const args = body ? expressions(body) : [];
    const modifier = node.getChild('AggregateModifier');
    const grouping = modifier ? this.groupingLabels(modifier) : [];
    const without = modifier ? modifier.getChild('Without') !== null : false;
    // Parameters (topk's k, quantile's φ, count_values' label) are scalars or strings.
    for (const param of args.slice(0, -1)) this.walk(param, NONE);
    const input = args.at(-1);
    if (!input) return;
    let inner: LabelNeed;
    if (without) inner = ALL;
    else if (KEEP_INPUT_LABELS.has(op)) inner = unionNeed(need, grouping);
    else inner = new Set(grouping);
    this.walk(input, inner);
  }

  private call(node: SyntaxNode, need: LabelNeed): void {
    const fn = this.text(node.getChild('FunctionIdentifier') ?? node);
    const body = node.getChild('FunctionCallBody');
    const args = body ? expressions(body) : [];
    const strings = args.filter((a) => a.name === 'StringLiteral').map((a) => unquote(this.text(a)));
    const [first, ...rest] = args;
    let inner: LabelNeed = need;
    if (EXISTENCE_ONLY.has(fn)) inner = NONE;
    else if (fn === 'scalar') inner = ALL;
    else if (fn === 'label_replace' || fn === 'label_join') {
      // label_replace(v, dst, replacement, src, regex); label_join(v, dst, separator, src...)
      const [dst, , ...rawSources] = strings;
      const sources = fn === 'label_replace' ? rawSources.slice(0, 1) : rawSources;
      inner = need === ALL ? ALL : unionNeed(withoutLabel(need, dst), sources);
    } else if (fn === 'sort_by_label' || fn === 'sort_by_label_desc') inner = unionNeed(need, strings);
    else if (fn === 'histogram_quantile' || fn === 'histogram_fraction') {
      // The buckets are the last argument; φ (or the bounds) come first.
      for (const scalar of args.slice(0, -1)) this.walk(scalar, NONE);
      const buckets = args.at(-1);
      if (buckets) this.walk(buckets, unionNeed(need, ['le']));
      return;
    }
    if (first) this.walk(first, inner);
    for (const other of rest) this.walk(other, other.name === 'StringLiteral' ? NONE : inner);
  }

  private binary(node: SyntaxNode, need: LabelNeed): void {
    const operands = expressions(node);
    const left = operands[0];
    const right = operands.at(-1);
    if (!left || !right || left === right) {
      if (left) this.walk(left, need);
      return;
    }
    const leftScalar = isScalar(left, this.expr);
    const rightScalar = isScalar(right, this.expr);
    if (leftScalar || rightScalar) {
      this.walk(left, leftScalar ? NONE : need);
      this.walk(right, rightScalar ? NONE : need);
      return;
    }
    const clause = node.getChild('MatchingModifierClause');
    const on = clause?.getChild('On') != null;
    if (!clause || !on) {
      // Matched on every label (or every label but the ignored ones): all of them count.
      this.walk(left, ALL);
      this.walk(right, ALL);
      return;
    }
    const lists = clause.getChildren('GroupingLabels');
    const matching = lists[0] ? this.labelList(lists[0]) : [];
    const include = lists[1] ? this.labelList(lists[1]) : [];
    const groupRight = clause.getChild('GroupRight') !== null;
    const isOr = children(node).some((c) => c.name === 'Or');
    // The side whose series the result keeps needs what the parent needs; the other side
    // needs the matching labels and whatever group_left/right copies from it.
    const kept = unionNeed(need, matching);
    const other = isOr ? kept : new Set([...matching, ...include]);
    this.walk(left, groupRight ? other : kept);
    this.walk(right, groupRight ? kept : other);
  }

  private groupingLabels(modifier: SyntaxNode): string[] {
    const list = modifier.getChild('GroupingLabels');
    return list ? this.labelList(list) : [];
  }

  private labelList(list: SyntaxNode): string[] {
    return children(list)
      .filter((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName')
      .map((c) => (c.name === 'QuotedLabelName' ? unquote(this.text(c)) : this.text(c)));
  }

  private text(node: SyntaxNode): string {
    return this.expr.slice(node.from, node.to);
  }
}

function expressions(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter(
    (c) => isExpression(c) && c.name !== 'GroupingLabels' && c.name !== 'LabelName' && c.name !== 'MatchOp',
  );
}

/** True for expressions that are scalars: number literals, time(), scalar(), and arithmetic of those. */
function isScalar(node: SyntaxNode, expr: string): boolean {
  switch (node.name) {
    case 'NumberDurationLiteral':
      return true;
    case 'FunctionCall':
      return SCALAR_RESULT.has(expr.slice(node.firstChild?.from ?? 0, node.firstChild?.to ?? 0));
    case 'ParenExpr':
    case 'UnaryExpr':
      return expressions(node).every((c) => isScalar(c, expr));
    case 'BinaryExpr':
      return expressions(node).every((c) => isScalar(c, expr));
    default:
      return false;
  }
}

function withoutLabel(need: ReadonlySet<string>, label: string | undefined): Set<string> {
  const out = new Set(need);
  if (label !== undefined) out.delete(label);
  return out;
}

/** PromQL regular expressions are fully anchored. */
function anchored(source: string): RegExp {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    // A pattern JavaScript cannot read (RE2-only syntax) is taken to match every name.
    return /^/;
  }
}
