// Short constructors for the plugin tables, so that each table reads like the
// config_param lines it was written from.
import type { ParamSpec, ParamType } from './plugin-spec.js';

const of =
  (type: ParamType) =>
  (extra: Omit<ParamSpec, 'type'> = {}): ParamSpec => ({ type, ...extra });

export const str = of('string');
export const int = of('integer');
export const float = of('float');
export const size = of('size');
export const time = of('time');
export const bool = of('bool');
export const regexp = of('regexp');
export const hash = of('hash');
export const array = of('array');

export function oneOf(list: readonly string[], extra: Omit<ParamSpec, 'type' | 'list'> = {}): ParamSpec {
  return { type: 'enum', list, ...extra };
}

export const required = { required: true } as const;

/** Fluentd's time parameters (TimeMixin::TIME_PARAMETERS, lib/fluent/time.rb). */
export const TIME_PARAMETERS = {
  time_format: str(),
  localtime: bool(),
  utc: bool(),
  timezone: str(),
  time_format_fallbacks: array(),
} as const;

/** TIME_FULL_PARAMETERS: the time parameters plus time_type, as parsers and formatters have them. */
export const TIME_FULL_PARAMETERS = {
  time_type: oneOf(['string', 'unixtime', 'float', 'mixed']),
  ...TIME_PARAMETERS,
} as const;
