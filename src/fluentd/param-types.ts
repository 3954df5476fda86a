// Whether a value is one of Fluentd's configuration types (lib/fluent/config/types.rb).
// Fluentd itself is lenient unless strict_config_value is on ("abc" as an integer is 0);
// the validator holds every value to the strict reading. Regular expressions are Ruby's
// and are only checked for Fluentd's /…/ form, not compiled.
import type { ParamSpec, ParamType } from './plugin-spec.js';

/** Why the value is not of the parameter's type, or undefined when it is. */
export function typeProblem(spec: ParamSpec, value: string): string | undefined {
  return checkValue(spec.type, value, spec);
}

function checkValue(type: ParamType, value: string, spec: Pick<ParamSpec, 'list' | 'valueType'>): string | undefined {
  switch (type) {
    case 'string':
    case 'symbol':
      return undefined;
    case 'integer':
      return /^[-+]?(?:0|[1-9][0-9_]*|0x[0-9a-f]+|0b[01]+|0o?[0-7]+)$/i.test(value.trim())
        ? undefined
        : `"${value}" is not an integer`;
    case 'float':
      return /^[-+]?(?:\d[\d_]*)(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(value.trim())
        ? undefined
        : `"${value}" is not a number`;
    case 'size':
      return /^\d+(?:[kmgt]b?)?$/i.test(value.trim())
        ? undefined
        : `"${value}" is not a size (a number of bytes, or with k, m, g or t)`;
    case 'time':
      return /^(?:\d+[smhd]|\d+(?:\.\d+)?)$/.test(value.trim())
        ? undefined
        : `"${value}" is not a duration (seconds, or a number with s, m, h or d)`;
    case 'bool':
      return ['true', 'yes', 'false', 'no', ''].includes(value) ? undefined : `"${value}" is not true or false`;
    case 'enum':
      return spec.list?.includes(value) ? undefined : `"${value}" is not one of ${spec.list?.join(', ')}`;
    case 'regexp':
      if (!value.startsWith('/')) return undefined;
      return value.lastIndexOf('/') >= value.length - 3 && value.lastIndexOf('/') > 0
        ? undefined
        : `"${value}" is missing its closing slash`;
    case 'array': {
      let items: unknown[];
      if (value.startsWith('[')) {
        try {
          const parsed = JSON.parse(value) as unknown;
          if (!Array.isArray(parsed)) return `"${value}" is not an array`;
          items = parsed;
        } catch {
          return `"${value}" is not a JSON array`;
        }
      } else {
        items = value.trim().split(/\s*,\s*/);
      }
      if (spec.valueType === undefined) return undefined;
      for (const item of items) {
        const problem = checkValue(spec.valueType, String(item), {});
        if (problem !== undefined) return `an element: ${problem}`;
      }
      return undefined;
    }
    case 'hash': {
      if (value.startsWith('{')) {
        try {
          const parsed = JSON.parse(value) as unknown;
          return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
            ? undefined
            : `"${value}" is not a hash`;
        } catch {
          return `"${value}" is not a JSON object`;
        }
      }
      return value
        .trim()
        .split(/\s*,\s*/)
        .every((pair) => pair.includes(':'))
        ? undefined
        : `"${value}" is not a hash (JSON, or key:value pairs separated by commas)`;
    }
  }
}
