// fluent-plugin-multi-format-parser 1.1.0, lib/fluent/plugin/parser_multi_format.rb.
// Each <pattern> names its parser with `format` and holds that parser's parameters;
// format_name (1.1.0) names the pattern in the field format_key sets. The plugin ignores
// a pattern's errors (a bare rescue), so a mistake in a pattern shows only here.
import { str } from '../param-builders.js';
import type { PluginSpec } from '../plugin-spec.js';

export const multiFormatParser: readonly PluginSpec[] = [
  {
    kind: 'parser',
    type: 'multi_format',
    gem: 'fluent-plugin-multi-format-parser',
    version: '1.1.0',
    source: 'lib/fluent/plugin/parser_multi_format.rb',
    params: { format_key: str() },
    sections: {
      pattern: {
        multi: true,
        required: true,
        plugin: { kind: 'parser', key: 'format' },
        params: { format: str({ required: true }), format_name: str() },
      },
    },
  },
];
