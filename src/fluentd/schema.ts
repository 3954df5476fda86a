// What a section may hold once its plugin is known: the plugin's own parameters and
// sections plus those its kind and its helpers add (Fluentd composes them the same way,
// by inheritance and plugin helpers).
import { str } from './param-builders.js';
import type { ParamSpec, PluginSpec, SectionSpec } from './plugin-spec.js';
import {
  BUFFER_PLUGIN_PARAMS,
  BUFFER_SECTION,
  COMMON_PARAMS,
  FORMATTER_PARAMS,
  OUTPUT_PARAMS,
  PARSER_PARAMS,
  SECONDARY_SECTION,
} from './plugins/fluentd-core.js';

export interface Schema {
  params: Readonly<Record<string, ParamSpec>>;
  sections: Readonly<Record<string, SectionSpec>>;
  freeKeys: boolean;
  /** For messages: "output plugin elasticsearch (fluent-plugin-elasticsearch 6.0.0)". */
  describe: string;
}

const KIND_PARAMS = {
  input: {},
  output: OUTPUT_PARAMS,
  filter: {},
  parser: PARSER_PARAMS,
  formatter: FORMATTER_PARAMS,
  buffer: BUFFER_PLUGIN_PARAMS,
} as const;

export function describePlugin(plugin: PluginSpec): string {
  return `${plugin.kind} plugin ${plugin.type} (${plugin.gem} ${plugin.version})`;
}

/** Everything a directive or section whose plugin is `plugin` may hold. */
export function pluginSchema(plugin: PluginSpec): Schema {
  const params: Record<string, ParamSpec> = { ...COMMON_PARAMS, ...KIND_PARAMS[plugin.kind], ...plugin.params };
  if (plugin.kind === 'input' || plugin.acceptsLabel) params['@label'] = str();
  const sections: Record<string, SectionSpec> = { ...plugin.sections };
  if (plugin.buffered) {
    sections.buffer = BUFFER_SECTION;
    sections.secondary = SECONDARY_SECTION;
  }
  return { params, sections, freeKeys: plugin.freeKeys ?? false, describe: describePlugin(plugin) };
}

/** A section's own parameters and sections, before its plugin (if any) is added. */
export function sectionSchema(name: string, section: SectionSpec, within: string): Schema {
  return {
    params: section.params ?? {},
    sections: section.sections ?? {},
    freeKeys: section.freeKeys ?? false,
    describe: `<${name}> of ${within}`,
  };
}

export function mergeSchemas(a: Schema, b: Schema): Schema {
  return {
    params: { ...a.params, ...b.params },
    sections: { ...a.sections, ...b.sections },
    freeKeys: a.freeKeys || b.freeKeys,
    describe: a.describe,
  };
}
