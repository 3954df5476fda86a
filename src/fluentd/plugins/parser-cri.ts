// fluent-plugin-parser-cri 0.1.1, lib/fluent/plugin/parser_cri.rb. It sets the parser
// defaults time_key "time", keep_time_key true and time_format %Y-%m-%dT%H:%M:%S.%L%z,
// and reads an optional nested <parse> for the message (only the first is used).
import { bool } from '../param-builders.js';
import type { PluginSpec } from '../plugin-spec.js';

export const parserCri: readonly PluginSpec[] = [
  {
    kind: 'parser',
    type: 'cri',
    gem: 'fluent-plugin-parser-cri',
    version: '0.1.1',
    source: 'lib/fluent/plugin/parser_cri.rb',
    params: { merge_cri_fields: bool() },
    sections: { parse: { plugin: { kind: 'parser', key: '@type' } } },
  },
];
