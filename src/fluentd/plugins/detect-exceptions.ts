// fluent-plugin-detect-exceptions 0.0.16, lib/fluent/plugin/out_detect_exceptions.rb. An
// output written against Fluentd's v0.12 API: no <buffer>, and it re-emits every record
// under its tag without remove_tag_prefix, through the router of the label it is in.
import { array, bool, int, required, str, time } from '../param-builders.js';
import type { PluginSpec } from '../plugin-spec.js';

/** The languages exception_detector.rb's RULES_BY_LANG knows. */
export const DETECT_EXCEPTIONS_LANGUAGES = [
  'java',
  'javascript',
  'js',
  'csharp',
  'py',
  'python',
  'php',
  'go',
  'rb',
  'ruby',
  'dart',
  'all',
] as const;

export const detectExceptions: readonly PluginSpec[] = [
  {
    kind: 'output',
    type: 'detect_exceptions',
    gem: 'fluent-plugin-detect-exceptions',
    version: '0.0.16',
    source: 'lib/fluent/plugin/out_detect_exceptions.rb',
    routes: { reemits: true },
    params: {
      remove_tag_prefix: str(required),
      message: str(),
      multiline_flush_interval: time(),
      languages: array({ valueType: 'string' }),
      force_line_breaks: bool(),
      max_lines: int(),
      max_bytes: int(),
      stream: str(),
    },
  },
];
