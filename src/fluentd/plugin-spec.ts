// The shape of what the validator knows about a Fluentd plugin: its parameters with their
// types, its sections, and how it routes events. Each table under plugins/ is written
// from one plugin's source at one version (named in the table), by reading its
// config_param and config_section declarations; nothing is guessed.

/** Fluentd's configuration types (lib/fluent/config/types.rb). */
export type ParamType =
  | 'string'
  | 'integer'
  | 'float'
  | 'size'
  | 'time'
  | 'bool'
  | 'enum'
  | 'array'
  | 'hash'
  | 'regexp'
  | 'symbol';

export interface ParamSpec {
  type: ParamType;
  /** Declared without a default: Fluentd refuses to start without it. */
  required?: boolean;
  /** enum: the accepted values. */
  list?: readonly string[];
  /** array and hash: the type of each element. */
  valueType?: ParamType;
  /** The first Fluentd (or plugin) version that has the parameter, when it is later than the oldest version the tables cover. */
  since?: string;
  /** The plugin reads the parameter but does nothing with it when this other one is set (not false). */
  ignoredWith?: { param: string; why: string };
}

export type PluginKind = 'input' | 'output' | 'filter' | 'parser' | 'formatter' | 'buffer';

export interface SectionSpec {
  params?: Readonly<Record<string, ParamSpec>>;
  sections?: Readonly<Record<string, SectionSpec>>;
  /** May appear more than once. */
  multi?: boolean;
  /** Must appear. */
  required?: boolean;
  /** The section's argument (`<buffer tag,time>`), when it takes one. */
  argument?: ParamSpec;
  /** The section's own plugin: its parameters are allowed in the section too. */
  plugin?: {
    kind: PluginKind;
    /** Where the section names it: `@type`, or `format` in a multi_format <pattern>. */
    key: '@type' | 'format';
    /** The plugin used when the section names none. */
    default?: string;
  };
  /** Parameter names are the user's own (record_transformer's <record>, prometheus <labels>). */
  freeKeys?: boolean;
}

export interface PluginSpec extends SectionSpec {
  kind: PluginKind;
  /** The @type it registers. */
  type: string;
  /** The gem and version its parameters were read from, and the file. */
  gem: string;
  version: string;
  source: string;
  /** An output whose events go through <buffer> (it has the buffer and secondary sections). */
  buffered?: boolean;
  /** How the plugin sends events on, for the routing checks. */
  routes?: {
    /** Parameters naming a label events are sent to (concat's timeout_label). */
    labelParams?: readonly string[];
    /** Sends every event on under a new tag through the router of the label it sits in (detect_exceptions). */
    reemits?: boolean;
    /** Sends events it cannot deliver to @ERROR (elasticsearch's per-document 400s). */
    errorEvents?: boolean;
  };
  /** Accepts `@label` (plugins with Fluentd's event_emitter helper). */
  acceptsLabel?: boolean;
}

export type PluginTable = readonly PluginSpec[];
