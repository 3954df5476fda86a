// The shape check of kansoku.yaml: Ajv against the schema, each error turned into one line
// `path: what is wrong` with the path written as the author would (slos[0].latency.threshold).
import { Ajv, type ErrorObject } from 'ajv';
import { KANSOKU_SCHEMA, PATTERN_MEANING } from './schema.js';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
const validate = ajv.compile(KANSOKU_SCHEMA);

/** `/slos/0/latency` → `slos[0].latency`; the root is `(top level)`. */
export function pathOf(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function message(e: ErrorObject): string {
  const path = pathOf(e.instancePath);
  const where = path === '' ? '(top level)' : path;
  const value = JSON.stringify(e.data);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${join(path, key)}: unknown setting${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`;
    }
    case 'required':
      return `${join(path, (e.params as { missingProperty: string }).missingProperty)}: is required`;
    case 'type':
      return `${where}: must be ${(e.params as { type: string }).type === 'object' ? 'a mapping' : `a ${(e.params as { type: string }).type}`}, got ${value}`;
    case 'enum':
      return `${where}: ${value} is not one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'pattern': {
      const pattern = (e.params as { pattern: string }).pattern;
      return `${where}: ${value} is not ${PATTERN_MEANING[pattern] ?? `of the form ${pattern}`}`;
    }
    case 'propertyNames':
      return `${where}: ${JSON.stringify((e.params as { propertyName: string }).propertyName)} is not a label name`;
    default:
      return `${where}: ${value} ${e.message ?? 'is invalid'}`;
  }
}

/** Every shape problem of `document`, one line each; empty when it fits the schema. */
export function schemaProblems(document: unknown): string[] {
  if (validate(document)) return [];
  // propertyNames reports the name's own pattern error too; keep the one line that names it.
  const errors = (validate.errors ?? []).filter((e) => !e.propertyName);
  return [...new Set(errors.map(message))];
}
