// The structural checks: every directive and section is one Fluentd knows where it
// stands, every plugin is one the tables know, every parameter is one that plugin (at
// its pinned version) declares, of the right type, present when required, and not newer
// than the oldest Fluentd the configuration targets.
import { typeProblem } from './param-types.js';
import type { PluginKind, SectionSpec } from './plugin-spec.js';
import { SYSTEM_DIRECTIVE } from './plugins/fluentd-core.js';
import { findPlugin, pluginTypes } from './plugins/index.js';
import { type Problem, problemAt } from './problem.js';
import { mergeSchemas, pluginSchema, type Schema, sectionSchema } from './schema.js';
import type { ConfigElement, ConfigParam } from './syntax.js';

export interface StructureOptions {
  /** The oldest Fluentd the configuration must run on (default 1.16.0, the LTS line). */
  oldestFluentd?: string;
}

function versionAfter(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  return (d[a.length] as number[])[b.length] as number;
}

function suggestion(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const dist = distance(name, c);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function param(element: ConfigElement, key: string): ConfigParam | undefined {
  return [...element.params].reverse().find((p) => p.key === key);
}

class StructureChecker {
  readonly problems: Problem[] = [];
  private readonly oldest: string;

  constructor(options: StructureOptions) {
    this.oldest = options.oldestFluentd ?? '1.16.0';
  }

  root(root: ConfigElement): void {
    for (const p of root.params) this.problems.push(problemAt(p, `parameter "${p.key}" outside any directive`));
    for (const e of root.elements) this.directive(e, false);
  }

  private directive(e: ConfigElement, inLabel: boolean): void {
    switch (e.name) {
      case 'system':
        if (inLabel) this.problems.push(problemAt(e, '<system> inside a <label>'));
        else this.check(e, sectionSchema('system', SYSTEM_DIRECTIVE, 'the configuration'));
        return;
      case 'source':
        if (inLabel) this.problems.push(problemAt(e, '<source> inside a <label>: sources go at the top level'));
        else this.pluginDirective(e, 'input', '<source>');
        return;
      case 'match':
        this.pluginDirective(e, 'output', `<match ${e.arg}>`);
        return;
      case 'filter':
        this.pluginDirective(e, 'filter', `<filter ${e.arg}>`);
        return;
      case 'label':
        if (inLabel) this.problems.push(problemAt(e, '<label> inside a <label>'));
        if (!e.arg.startsWith('@')) this.problems.push(problemAt(e, `label name "${e.arg}" must start with "@"`));
        for (const p of e.params) this.problems.push(problemAt(p, `parameter "${p.key}" directly in <label ${e.arg}>`));
        for (const child of e.elements) {
          if (child.name !== 'match' && child.name !== 'filter')
            this.problems.push(
              problemAt(child, `<${child.name}> inside <label ${e.arg}>: a label holds <filter> and <match>`),
            );
          else this.directive(child, true);
        }
        return;
      default:
        this.problems.push(problemAt(e, `unknown directive <${e.name}>`));
    }
  }

  private pluginDirective(e: ConfigElement, kind: PluginKind, where: string): void {
    const schema = this.resolvePlugin(e, kind, where);
    if (schema !== undefined) this.check(e, schema);
  }

  /** The plugin a directive or section names with @type (or, in a <pattern>, format). */
  private resolvePlugin(
    e: ConfigElement,
    kind: PluginKind,
    where: string,
    key: '@type' | 'format' = '@type',
    fallback?: string,
  ): Schema | undefined {
    const named = param(e, key);
    const type = named?.value ?? fallback;
    if (type === undefined || type === null || type === '') {
      this.problems.push(problemAt(e, `${where} has no ${key}`));
      return undefined;
    }
    const plugin = findPlugin(kind, type);
    if (plugin === undefined) {
      this.problems.push(
        problemAt(
          named ?? e,
          `${where}: no ${kind} plugin "${type}" in the pinned set${suggestion(type, pluginTypes(kind))} (known: ${pluginTypes(kind).join(', ')})`,
        ),
      );
      return undefined;
    }
    return pluginSchema(plugin);
  }

  private check(e: ConfigElement, schema: Schema): void {
    const seen = new Set<string>();
    for (const p of e.params) {
      if (seen.has(p.key))
        this.problems.push(problemAt(p, `"${p.key}" is set twice in <${e.name}> (the last one wins)`));
      seen.add(p.key);
      if (schema.freeKeys) continue;
      const spec = schema.params[p.key];
      if (spec === undefined) {
        this.problems.push(
          problemAt(
            p,
            `unknown parameter "${p.key}" for ${schema.describe}${suggestion(p.key, Object.keys(schema.params))}`,
          ),
        );
        continue;
      }
      if (spec.since !== undefined && versionAfter(spec.since, this.oldest))
        this.problems.push(
          problemAt(
            p,
            `"${p.key}" (${schema.describe}) appeared in ${spec.since}; the configuration must also run on Fluentd ${this.oldest}`,
          ),
        );
      const other = spec.ignoredWith && e.params.find((q) => q.key === spec.ignoredWith?.param);
      if (other && spec.ignoredWith && other.value !== 'false')
        this.problems.push(
          problemAt(
            p,
            `"${p.key}" has no effect with ${spec.ignoredWith.param} (${schema.describe}): ${spec.ignoredWith.why}`,
          ),
        );
      if (p.value === null) continue;
      const wrong = typeProblem(spec, p.value);
      if (wrong !== undefined) this.problems.push(problemAt(p, `"${p.key}" (${spec.type}): ${wrong}`));
    }
    for (const [name, spec] of Object.entries(schema.params))
      if (spec.required && !e.params.some((p) => p.key === name && (p.value !== null || p.useDefault)))
        this.problems.push(problemAt(e, `<${e.name}${e.arg ? ` ${e.arg}` : ''}> needs "${name}" (${schema.describe})`));

    const counts = new Map<string, number>();
    for (const child of e.elements) {
      const spec = schema.sections[child.name];
      if (spec === undefined) {
        if (!schema.freeKeys)
          this.problems.push(
            problemAt(
              child,
              `unknown section <${child.name}> in ${schema.describe}${suggestion(child.name, Object.keys(schema.sections))}`,
            ),
          );
        continue;
      }
      counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
      if ((counts.get(child.name) ?? 0) === 2 && !spec.multi)
        this.problems.push(problemAt(child, `<${child.name}> may appear only once in ${schema.describe}`));
      this.section(child, spec, schema.describe);
    }
    for (const [name, spec] of Object.entries(schema.sections))
      if (spec.required && !counts.has(name))
        this.problems.push(problemAt(e, `${schema.describe} needs a <${name}> section`));
  }

  private section(e: ConfigElement, spec: SectionSpec, within: string): void {
    if (e.arg !== '') {
      if (spec.argument === undefined) this.problems.push(problemAt(e, `<${e.name}> takes no argument ("${e.arg}")`));
      else {
        const wrong = typeProblem(spec.argument, e.arg);
        if (wrong !== undefined) this.problems.push(problemAt(e, `<${e.name} ${e.arg}>: ${wrong}`));
      }
    }
    let schema = sectionSchema(e.name, spec, within);
    if (spec.plugin !== undefined) {
      const pluginPart = this.resolvePlugin(
        e,
        spec.plugin.kind,
        `<${e.name}> of ${within}`,
        spec.plugin.key,
        spec.plugin.default,
      );
      if (pluginPart === undefined) return;
      schema = mergeSchemas({ ...pluginPart, describe: `<${e.name}> (${pluginPart.describe})` }, schema);
    }
    this.check(e, schema);
  }
}

export function checkStructure(root: ConfigElement, options: StructureOptions = {}): Problem[] {
  const checker = new StructureChecker(options);
  checker.root(root);
  return checker.problems;
}
