// Every plugin the validator knows, by kind and @type.
import type { PluginKind, PluginSpec } from '../plugin-spec.js';
import { concat } from './concat.js';
import { detectExceptions } from './detect-exceptions.js';
import { elasticsearch } from './elasticsearch.js';
import { fluentdCore } from './fluentd-core.js';
import { kubernetesMetadataFilter } from './kubernetes-metadata-filter.js';
import { multiFormatParser } from './multi-format-parser.js';
import { parserCri } from './parser-cri.js';
import { prometheus } from './prometheus.js';

export const KNOWN_PLUGINS: readonly PluginSpec[] = [
  ...fluentdCore,
  ...parserCri,
  ...concat,
  ...multiFormatParser,
  ...detectExceptions,
  ...kubernetesMetadataFilter,
  ...elasticsearch,
  ...prometheus,
];

const byKey = new Map(KNOWN_PLUGINS.map((p) => [`${p.kind}:${p.type}`, p]));

export function findPlugin(kind: PluginKind, type: string): PluginSpec | undefined {
  return byKey.get(`${kind}:${type}`);
}

/** The @types of one kind, for "did you mean" lists. */
export function pluginTypes(kind: PluginKind): string[] {
  return KNOWN_PLUGINS.filter((p) => p.kind === kind).map((p) => p.type);
}
