// The routing checks: every label an event is sent to exists; events that reach @ERROR
// never leave it (a record Elasticsearch rejected, sent back into the pipeline, would be
// rejected again, forever); no catch-all <match> outside a label; and a sample event from
// each <source> is followed through filters, matches, relabels, copies and
// re-emitting outputs to where it ends, so that a tag no <match> takes (Fluentd drops it
// with a warning) or a re-emit loop is found before Fluentd runs.
import type { PluginSpec } from './plugin-spec.js';
import { findPlugin } from './plugins/index.js';
import { type Problem, problemAt } from './problem.js';
import type { ConfigElement, Location } from './syntax.js';
import { tagMatches } from './tag-pattern.js';

const ERROR_LABEL = '@ERROR';

function value(e: ConfigElement, key: string): string | undefined {
  return [...e.params].reverse().find((p) => p.key === key)?.value ?? undefined;
}

function pluginOf(e: ConfigElement): PluginSpec | undefined {
  const type = value(e, '@type');
  if (type === undefined) return undefined;
  const kind = e.name === 'source' ? 'input' : e.name === 'filter' ? 'filter' : 'output';
  return findPlugin(kind, type);
}

/** The labels an output (or a copy's stores) sends events to, with where each is named. */
function labelTargets(e: ConfigElement): { label: string; at: Location }[] {
  const out: { label: string; at: Location }[] = [];
  for (const key of ['@label', ...(pluginOf(e)?.routes?.labelParams ?? [])]) {
    const param = [...e.params].reverse().find((p) => p.key === key);
    if (param?.value) out.push({ label: param.value, at: param });
  }
  for (const store of e.elements.filter((c) => c.name === 'store')) out.push(...labelTargets(store));
  return out;
}

export interface RouteTrace {
  /** The source's @id, or its @type. */
  source: string;
  tag: string;
  /** One line per step: "@LABEL <filter|match pattern> @type …". */
  steps: string[];
  /** The outputs the event ends in (their @id or @type), in order. */
  ends: string[];
  /** Routes a filter opens besides the main one (concat's timeout_label), each followed on its own. */
  branches: { via: string; trace: RouteTrace }[];
}

export interface RoutingResult {
  problems: Problem[];
  traces: RouteTrace[];
}

/** The tag in_tail gives a line of a file its `path` matches: "*" in the tag becomes the path with "/" as ".". */
function sampleTag(source: ConfigElement): string | undefined {
  const tag = value(source, 'tag');
  if (tag === undefined) return undefined;
  if (!tag.includes('*')) return tag;
  const path = (value(source, 'path') ?? '/var/log/sample.log').split(',')[0] as string;
  const file = path.replace(/\*/g, 'sample-pod_sample-namespace_sample-container-0123456789abcdef');
  return tag.replace('*', file.replace(/^\//, '').replace(/\//g, '.'));
}

class Router {
  readonly problems: Problem[] = [];
  private readonly labels = new Map<string, ConfigElement>();

  constructor(private readonly root: ConfigElement) {
    for (const e of root.elements.filter((x) => x.name === 'label')) {
      if (this.labels.has(e.arg)) this.problems.push(problemAt(e, `<label ${e.arg}> is defined twice`));
      else this.labels.set(e.arg, e);
    }
  }

  check(): RouteTrace[] {
    this.checkTargets();
    this.checkErrorLabel();
    this.checkTopLevelCatchAll();
    const traces: RouteTrace[] = [];
    for (const source of this.root.elements.filter((e) => e.name === 'source')) {
      const tag = sampleTag(source);
      if (tag === undefined) continue;
      const trace: RouteTrace = {
        source: value(source, '@id') ?? value(source, '@type') ?? 'source',
        tag,
        steps: [],
        ends: [],
        branches: [],
      };
      const start = value(source, '@label');
      const scope = start === undefined ? this.root : this.labels.get(start);
      if (scope !== undefined) this.deliver(tag, scope, trace, source, new Set());
      traces.push(trace);
    }
    return traces;
  }

  private checkTargets(): void {
    const visit = (e: ConfigElement) => {
      if (e.name === 'source' || e.name === 'match' || e.name === 'filter')
        for (const { label, at } of labelTargets(e))
          if (!this.labels.has(label))
            this.problems.push(
              problemAt(
                at,
                `events are sent to ${label}, but no <label ${label}> is defined (defined: ${[...this.labels.keys()].join(', ') || 'none'})`,
              ),
            );
      for (const child of e.elements) if (child.name === 'label') visit(child);
      if (e.name === 'label' || e.name === 'ROOT')
        for (const child of e.elements) if (child.name !== 'label') visit(child);
    };
    visit(this.root);
  }

  private checkErrorLabel(): void {
    const error = this.labels.get(ERROR_LABEL);
    const all = [...this.root.elements, ...[...this.labels.values()].flatMap((l) => l.elements)];
    const raising = all.filter((e) => pluginOf(e)?.routes?.errorEvents);
    if (error === undefined) {
      for (const e of raising)
        this.problems.push(
          problemAt(
            e,
            `${value(e, '@type')} sends the records it cannot handle to @ERROR, but no <label @ERROR> is defined: Fluentd only logs and drops them`,
          ),
        );
      return;
    }
    for (const e of error.elements) {
      const plugin = pluginOf(e);
      for (const { label, at } of labelTargets(e))
        this.problems.push(
          problemAt(
            at,
            `<label @ERROR> sends events on to ${label}: rejected records must never go back into the pipeline`,
          ),
        );
      if (plugin?.routes?.reemits)
        this.problems.push(
          problemAt(
            e,
            `<label @ERROR> re-emits events (${plugin.type}): rejected records must never go back into the pipeline`,
          ),
        );
      if (plugin?.routes?.errorEvents && e.name === 'match')
        this.problems.push(
          problemAt(
            e,
            `<label @ERROR> sends records to ${plugin.type}, which sends what it rejects to @ERROR again: a loop`,
          ),
        );
    }
  }

  private checkTopLevelCatchAll(): void {
    for (const e of this.root.elements)
      if (e.name === 'match' && tagMatches(e.arg, 'fluent.warn'))
        this.problems.push(
          problemAt(
            e,
            `<match ${e.arg || '**'}> outside any label also takes Fluentd's own fluent.* events and anything emitted without a label; route by labels instead`,
          ),
        );
  }

  private deliver(tag: string, scope: ConfigElement, trace: RouteTrace, from: ConfigElement, seen: Set<string>): void {
    const where = scope.name === 'label' ? scope.arg : 'top level';
    const key = `${where} ${tag}`;
    if (seen.has(key)) {
      this.problems.push(problemAt(from, `events tagged "${tag}" come back to ${where} again: a routing loop`));
      return;
    }
    const visited = new Set(seen).add(key);
    for (const e of scope.elements) {
      if (e.name === 'label' || !tagMatches(e.arg, tag)) continue;
      const type = value(e, '@type') ?? '?';
      trace.steps.push(`${where} <${e.name} ${e.arg}> ${type}`);
      const plugin = pluginOf(e);
      if (e.name === 'filter') {
        for (const { label } of labelTargets(e)) {
          const target = this.labels.get(label);
          if (target === undefined) continue;
          const branch: RouteTrace = { source: trace.source, tag, steps: [], ends: [], branches: [] };
          trace.branches.push({ via: `${where} <filter ${e.arg}> ${type} -> ${label}`, trace: branch });
          this.deliver(tag, target, branch, e, visited);
        }
        continue;
      }
      this.output(e, plugin, tag, scope, trace, visited);
      return;
    }
    this.problems.push(
      problemAt(
        scope.name === 'label' ? scope : from,
        `events tagged "${tag}" reach ${where} but no <match> there takes them: Fluentd drops them`,
      ),
    );
  }

  private output(
    e: ConfigElement,
    plugin: PluginSpec | undefined,
    tag: string,
    scope: ConfigElement,
    trace: RouteTrace,
    seen: Set<string>,
  ): void {
    const stores = e.elements.filter((c) => c.name === 'store');
    if (stores.length > 0) {
      for (const store of stores) this.output(store, pluginOf({ ...store, name: 'match' }), tag, scope, trace, seen);
      return;
    }
    const own = value(e, '@label');
    if (own !== undefined) {
      const target = this.labels.get(own);
      if (target !== undefined) this.deliver(tag, target, trace, e, seen);
      return;
    }
    if (plugin?.routes?.reemits) {
      const prefix = value(e, 'remove_tag_prefix');
      const next = prefix !== undefined && tag.startsWith(`${prefix}.`) ? tag.slice(prefix.length + 1) : tag;
      trace.steps.push(`re-emitted as "${next}"`);
      this.deliver(next, scope, trace, e, seen);
      return;
    }
    trace.ends.push(value(e, '@id') ?? value(e, '@type') ?? '?');
  }
}

export function checkRouting(root: ConfigElement): RoutingResult {
  const router = new Router(root);
  const traces = router.check();
  return { problems: router.problems, traces };
}
