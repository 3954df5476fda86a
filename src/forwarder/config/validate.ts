// Checks a raw configuration object against CONFIG_SCHEMA with every problem listed by
// its path (`/sinks/slack/webhookUrl: …`). Messages never repeat a value, so a secret put
// in the wrong place is not echoed to the terminal or a log.
import { Ajv, type ErrorObject } from 'ajv';
import { parseDuration } from '../../duration/prometheus-duration.js';
import { CONFIG_SCHEMA } from './schema.js';

export function parseListen(text: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65535) return undefined;
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isRegex(text: string): boolean {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true });
ajv.addKeyword({ keyword: 'secret', schemaType: 'boolean' });
ajv.addFormat('duration', (text: string) => parseDuration(text) !== undefined);
ajv.addFormat('listen', (text: string) => parseListen(text) !== undefined);
ajv.addFormat('http-url', isHttpUrl);
ajv.addFormat('regex', isRegex);
ajv.addFormat('date-time', (text: string) => /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)));
const check = ajv.compile(CONFIG_SCHEMA);

const FORMAT_WORDS: Record<string, string> = {
  duration: 'a duration such as 30s, 5m, 1h or 7d',
  listen: 'host:port, e.g. 127.0.0.1:8080',
  'http-url': 'an http:// or https:// URL',
  regex: 'a valid regular expression',
  'date-time': 'an ISO 8601 date and time, e.g. 2026-12-01T18:00:00Z',
};

function describe(error: ErrorObject): string {
  const path = error.instancePath || '/';
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${path}: unknown setting "${String(p.additionalProperty)}"`;
    case 'required':
      return `${path}: ${String(p.missingProperty)} is required`;
    case 'enum':
      return `${path}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format':
      return `${path}: must be ${FORMAT_WORDS[String(p.format)] ?? String(p.format)}`;
    case 'minProperties':
      return `${path}: must configure at least one entry`;
    case 'maxProperties':
      return `${path}: choose one backend, not several`;
    case 'pattern':
      return path.endsWith('/trace') ? `${path}: must contain {traceId}` : `${path}: must match ${String(p.pattern)}`;
    default:
      return `${path}: ${error.message ?? error.keyword}`;
  }
}

/** Validates in place (defaults are filled in); pushes one line per problem. */
export function validateRaw(raw: unknown, problems: string[]): boolean {
  if (check(raw)) return true;
  for (const error of check.errors ?? []) problems.push(describe(error));
  return false;
}
