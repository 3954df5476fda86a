// fluent-plugin-concat 2.6.2, lib/fluent/plugin/filter_concat.rb.
import { bool, int, oneOf, required, size, str, time } from '../param-builders.js';
import type { PluginSpec } from '../plugin-spec.js';

const CRI_UNBOUNDED = {
  param: 'use_partial_cri_logtag',
  why: 'concat applies the buffer limit to partial_key records only, never to CRI pieces',
};

export const concat: readonly PluginSpec[] = [
  {
    kind: 'filter',
    type: 'concat',
    gem: 'fluent-plugin-concat',
    version: '2.6.2',
    source: 'lib/fluent/plugin/filter_concat.rb',
    // Lines flushed by timeout go to timeout_label, or to @ERROR when it is unset.
    routes: { labelParams: ['timeout_label'], errorEvents: true },
    params: {
      key: str(required),
      separator: str(),
      n_lines: int(),
      multiline_start_regexp: str(),
      multiline_end_regexp: str(),
      continuous_line_regexp: str(),
      stream_identity_key: str(),
      flush_interval: time(),
      timeout_label: str(),
      use_first_timestamp: bool(),
      partial_key: str(),
      partial_value: str(),
      keep_partial_key: bool(),
      use_partial_metadata: bool(),
      partial_metadata_format: oneOf(['docker-fluentd', 'docker-journald', 'docker-journald-lowercase']),
      keep_partial_metadata: bool(),
      use_partial_cri_logtag: bool(),
      partial_cri_logtag_key: str(),
      partial_cri_stream_key: str(),
      // Checked in process_partial only (partial_key mode): CRI logtags are joined without a size bound.
      buffer_limit_size: size({ ignoredWith: CRI_UNBOUNDED }),
      buffer_overflow_method: oneOf(['ignore', 'truncate', 'drop', 'new'], { ignoredWith: CRI_UNBOUNDED }),
    },
  },
];
