// Fluentd's own plugins and the sections its plugin bases and helpers add, from
// fluent/fluentd v1.19.3 (lib/fluent/...). Parameters that v1.16.0 lacks carry the version
// that added them (compared tag by tag), so a configuration meant for the 1.16 LTS line
// can be told it uses one.
import {
  array,
  bool,
  float,
  hash,
  int,
  oneOf,
  regexp,
  required,
  size,
  str,
  TIME_FULL_PARAMETERS,
  TIME_PARAMETERS,
  time,
} from '../param-builders.js';
import type { PluginSpec, SectionSpec } from '../plugin-spec.js';

const GEM = { gem: 'fluentd', version: '1.19.3' } as const;

/** Every plugin (Fluentd's reserved parameters, lib/fluent/config/v1_parser.rb RESERVED_PARAMS; @log_level in log.rb). */
export const COMMON_PARAMS = { '@type': str(), '@id': str(), '@log_level': str() } as const;

/** Fluent::Plugin::Output (plugin/output.rb). */
export const OUTPUT_PARAMS = { time_as_integer: bool(), slow_flush_log_threshold: float() } as const;

/** Fluent::Plugin::Output's <buffer> section (plugin/output.rb), whose @type names a buffer plugin. */
export const BUFFER_SECTION: SectionSpec = {
  argument: array({ valueType: 'string' }),
  plugin: { kind: 'buffer', key: '@type', default: 'memory' },
  params: {
    timekey: time(),
    timekey_wait: time(),
    timekey_use_utc: bool(),
    timekey_zone: str(),
    flush_at_shutdown: bool(),
    flush_mode: oneOf(['default', 'lazy', 'interval', 'immediate']),
    flush_interval: time(),
    flush_thread_count: int(),
    flush_thread_interval: float(),
    flush_thread_burst_interval: float(),
    delayed_commit_timeout: time(),
    overflow_action: oneOf(['throw_exception', 'block', 'drop_oldest_chunk']),
    retry_forever: bool(),
    retry_timeout: time(),
    retry_max_times: int(),
    retry_secondary_threshold: float(),
    retry_type: oneOf(['exponential_backoff', 'periodic']),
    retry_wait: time(),
    retry_exponential_backoff_base: float(),
    retry_max_interval: time(),
    retry_randomize: bool(),
  },
};

/** Fluent::Plugin::Output's <secondary> section: an output plugin of its own. */
export const SECONDARY_SECTION: SectionSpec = { plugin: { kind: 'output', key: '@type' } };

/** Fluent::Plugin::Parser (plugin/parser.rb) with TimeMixin::Parser. */
export const PARSER_PARAMS = {
  types: hash({ valueType: 'string' }),
  time_key: str(),
  null_value_pattern: regexp(),
  null_empty_string: bool(),
  estimate_current_event: bool(),
  keep_time_key: bool(),
  timeout: time(),
  ...TIME_FULL_PARAMETERS,
} as const;

/** Fluent::Plugin::Formatter (plugin/formatter.rb) with TimeMixin::Formatter. */
export const FORMATTER_PARAMS = { ...TIME_FULL_PARAMETERS } as const;

/** The parser helper's <parse> section (plugin_helper/parser.rb). */
export const PARSE_SECTION: SectionSpec = { multi: true, plugin: { kind: 'parser', key: '@type' } };

/** The formatter helper's <format> section (plugin_helper/formatter.rb). */
export const FORMAT_SECTION: SectionSpec = { multi: true, plugin: { kind: 'formatter', key: '@type' } };

/** The inject helper's <inject> section (plugin_helper/inject.rb). */
export const INJECT_SECTION: SectionSpec = {
  params: {
    hostname_key: str(),
    hostname: str(),
    worker_id_key: str(),
    tag_key: str(),
    time_key: str(),
    time_type: oneOf(['float', 'unixtime', 'unixtime_millis', 'unixtime_micros', 'unixtime_nanos', 'string']),
    ...TIME_PARAMETERS,
  },
};

/** The <system> directive (system_config.rb), the parameters this configuration may use. */
export const SYSTEM_DIRECTIVE: SectionSpec = {
  params: {
    workers: int(),
    restart_worker_interval: time(),
    root_dir: str(),
    log_level: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
    suppress_repeated_stacktrace: bool(),
    ignore_repeated_log_interval: time(),
    ignore_same_log_interval: time(),
    emit_error_log_interval: time(),
    suppress_config_dump: bool(),
    log_event_verbose: bool(),
    without_source: bool(),
    with_source_only: bool({ since: '1.18.0' }),
    rpc_endpoint: str(),
    enable_get_dump: bool(),
    process_name: str(),
    strict_config_value: bool(),
    enable_msgpack_time_support: bool(),
    disable_shared_socket: bool(),
    enable_input_metrics: bool(),
    enable_size_metrics: bool(),
    enable_jit: bool(),
  },
  sections: {
    log: {
      params: {
        path: str({ since: '1.18.0' }),
        format: oneOf(['text', 'json']),
        time_format: str(),
        rotate_age: str(),
        rotate_size: size(),
        forced_stacktrace_level: oneOf(['none', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'], {
          since: '1.19.0',
        }),
      },
    },
  },
};

const greps: SectionSpec = { multi: true, params: { key: str(required), pattern: regexp(required) } };

export const fluentdCore: readonly PluginSpec[] = [
  {
    ...GEM,
    kind: 'input',
    type: 'tail',
    source: 'lib/fluent/plugin/in_tail.rb',
    acceptsLabel: true,
    params: {
      path: str(required),
      path_delimiter: str(),
      glob_policy: oneOf(['backward_compatible', 'extended', 'always'], { since: '1.17.0' }),
      tag: str(required),
      exclude_path: array(),
      rotate_wait: time(),
      pos_file: str(),
      pos_file_compaction_interval: time(),
      read_from_head: bool(),
      refresh_interval: time(),
      read_lines_limit: int(),
      read_bytes_limit_per_second: size(),
      multiline_flush_interval: time(),
      emit_unmatched_lines: bool(),
      enable_watch_timer: bool(),
      enable_stat_watcher: bool(),
      encoding: str(),
      from_encoding: str(),
      path_key: str(),
      open_on_every_update: bool(),
      limit_recently_modified: time(),
      skip_refresh_on_startup: bool(),
      ignore_repeated_permission_error: bool(),
      path_timezone: str(),
      follow_inodes: bool(),
      max_line_size: size(),
    },
    sections: { parse: PARSE_SECTION },
  },
  {
    ...GEM,
    kind: 'input',
    type: 'monitor_agent',
    source: 'lib/fluent/plugin/in_monitor_agent.rb',
    acceptsLabel: true,
    params: {
      bind: str(),
      port: int(),
      tag: str(),
      emit_interval: time(),
      include_config: bool(),
      include_retry: bool(),
      include_debug_info: bool({ since: '1.19.3' }),
    },
  },
  {
    ...GEM,
    kind: 'filter',
    type: 'parser',
    source: 'lib/fluent/plugin/filter_parser.rb',
    params: {
      key_name: str(required),
      reserve_data: bool(),
      reserve_time: bool(),
      remove_key_name_field: bool(),
      inject_key_prefix: str(),
      replace_invalid_sequence: bool(),
      hash_value_field: str(),
      emit_invalid_record_to_error: bool(),
    },
    sections: { parse: PARSE_SECTION },
  },
  {
    ...GEM,
    kind: 'filter',
    type: 'record_transformer',
    source: 'lib/fluent/plugin/filter_record_transformer.rb',
    params: {
      remove_keys: array(),
      keep_keys: array(),
      renew_record: bool(),
      renew_time_key: str(),
      enable_ruby: bool(),
      auto_typecast: bool(),
    },
    sections: { record: { freeKeys: true, multi: true } },
  },
  {
    ...GEM,
    kind: 'filter',
    type: 'grep',
    source: 'lib/fluent/plugin/filter_grep.rb',
    sections: {
      regexp: greps,
      exclude: greps,
      and: { multi: true, sections: { regexp: greps, exclude: greps } },
      or: { multi: true, sections: { regexp: greps, exclude: greps } },
    },
  },
  {
    ...GEM,
    kind: 'output',
    type: 'relabel',
    source: 'lib/fluent/plugin/out_relabel.rb',
    acceptsLabel: true,
  },
  {
    ...GEM,
    kind: 'output',
    type: 'copy',
    source: 'lib/fluent/plugin/out_copy.rb (stores: multi_output.rb)',
    params: { deep_copy: bool(), copy_mode: oneOf(['no_copy', 'shallow', 'deep', 'marshal']) },
    sections: {
      store: {
        multi: true,
        required: true,
        argument: oneOf(['ignore_error', 'ignore_if_prev_success']),
        plugin: { kind: 'output', key: '@type' },
      },
    },
  },
  {
    ...GEM,
    kind: 'output',
    type: 'null',
    source: 'lib/fluent/plugin/out_null.rb',
    buffered: true,
    params: { never_flush: bool() },
  },
  {
    ...GEM,
    kind: 'output',
    type: 'file',
    source: 'lib/fluent/plugin/out_file.rb',
    buffered: true,
    params: {
      path: str(required),
      add_path_suffix: bool(),
      path_suffix: str(),
      append: bool(),
      compress: oneOf(['text', 'gz', 'gzip', 'zstd']),
      recompress: bool(),
      symlink_path: str(),
      symlink_path_use_relative: bool({ since: '1.19.0' }),
    },
    sections: { format: FORMAT_SECTION, inject: INJECT_SECTION },
  },
  {
    ...GEM,
    kind: 'output',
    type: 'http',
    source: 'lib/fluent/plugin/out_http.rb',
    buffered: true,
    params: {
      endpoint: str(required),
      http_method: oneOf(['put', 'post']),
      proxy: str(),
      content_type: str(),
      json_array: bool(),
      headers: hash(),
      headers_from_placeholders: hash(),
      compress: oneOf(['text', 'gzip'], { since: '1.18.0' }),
      allowed_hosts: array({ since: '1.19.3' }),
      open_timeout: int(),
      read_timeout: int(),
      ssl_timeout: int(),
      reuse_connections: bool({ since: '1.17.0' }),
      tls_ca_cert_path: str(),
      tls_client_cert_path: str(),
      tls_private_key_path: str(),
      tls_private_key_passphrase: str(),
      tls_verify_mode: oneOf(['none', 'peer']),
      tls_version: oneOf(['TLSv1_1', 'TLSv1_2', 'TLSv1_3', 'TLS1_1', 'TLS1_2', 'TLS1_3']),
      tls_ciphers: str(),
      error_response_as_unrecoverable: bool(),
      retryable_response_codes: array({ valueType: 'integer' }),
    },
    sections: {
      format: FORMAT_SECTION,
      auth: {
        params: {
          method: oneOf(['basic', 'aws_sigv4']),
          username: str(),
          password: str(),
          aws_service: str({ since: '1.17.0' }),
          aws_region: str({ since: '1.17.0' }),
          aws_role_arn: str({ since: '1.17.0' }),
        },
      },
    },
  },
  {
    ...GEM,
    kind: 'output',
    type: 'secondary_file',
    source: 'lib/fluent/plugin/out_secondary_file.rb',
    params: {
      directory: str(required),
      basename: str(),
      append: bool(),
      compress: oneOf(['text', 'gzip']),
    },
  },
  {
    ...GEM,
    kind: 'parser',
    type: 'json',
    source: 'lib/fluent/plugin/parser_json.rb',
    params: { json_parser: oneOf(['oj', 'yajl', 'json']), stream_buffer_size: int() },
  },
  {
    ...GEM,
    kind: 'parser',
    type: 'regexp',
    source: 'lib/fluent/plugin/parser_regexp.rb',
    params: { expression: regexp(required), ignorecase: bool(), multiline: bool() },
  },
  {
    ...GEM,
    kind: 'parser',
    type: 'none',
    source: 'lib/fluent/plugin/parser_none.rb',
    params: { message_key: str() },
  },
  {
    ...GEM,
    kind: 'formatter',
    type: 'json',
    source: 'lib/fluent/plugin/formatter_json.rb (newline: formatter.rb Newline::Mixin)',
    params: { json_parser: str(), add_newline: bool(), newline: oneOf(['lf', 'crlf']) },
  },
  {
    ...GEM,
    kind: 'buffer',
    type: 'memory',
    source: 'lib/fluent/plugin/buf_memory.rb (limits: buffer.rb)',
  },
  {
    ...GEM,
    kind: 'buffer',
    type: 'file',
    source: 'lib/fluent/plugin/buf_file.rb (limits: buffer.rb)',
    params: { path: str(), path_suffix: str(), file_permission: str(), dir_permission: str() },
  },
];

/** Fluent::Plugin::Buffer (plugin/buffer.rb): every buffer plugin has these. */
export const BUFFER_PLUGIN_PARAMS = {
  chunk_limit_size: size(),
  total_limit_size: size(),
  queue_limit_length: int(),
  chunk_limit_records: int(),
  chunk_full_threshold: float(),
  queued_chunks_limit_size: int(),
  compress: oneOf(['text', 'gzip', 'zstd']),
  decompression_size_limit: size({ since: '1.19.3' }),
  disable_chunk_backup: bool(),
} as const;
