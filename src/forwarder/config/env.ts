// Every setting can also come from the environment. The names are derived from the
// schema, one per leaf: KANSOKU_FORWARDER_ + the path in SCREAMING_SNAKE_CASE with `__`
// between levels, e.g. inputs.http.token → KANSOKU_FORWARDER_INPUTS__HTTP__TOKEN.
// An environment value wins over the file. Lists take JSON. A KANSOKU_FORWARDER_ name
// that matches no setting is a problem (a typo must not be silently ignored).
import { CONFIG_SCHEMA } from './schema.js';

export const ENV_PREFIX = 'KANSOKU_FORWARDER_';

export interface EnvSetting {
  name: string;
  path: string[];
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  secret: boolean;
  defaultValue?: unknown;
}

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  default?: unknown;
  secret?: boolean;
}

const snake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function walk(node: SchemaNode, path: string[], out: EnvSetting[]): void {
  if (node.type === 'object' && node.properties) {
    for (const [key, child] of Object.entries(node.properties)) walk(child, [...path, key], out);
    return;
  }
  out.push({
    name: ENV_PREFIX + path.map(snake).join('__'),
    path,
    type: (node.type ?? 'string') as EnvSetting['type'],
    secret: node.secret === true,
    ...(node.default === undefined ? {} : { defaultValue: node.default }),
  });
}

/** Every setting with its environment variable name, in schema order. */
export function envSettings(): EnvSetting[] {
  const out: EnvSetting[] = [];
  walk(CONFIG_SCHEMA as unknown as SchemaNode, [], out);
  return out;
}

function parse(setting: EnvSetting, raw: string, problems: string[]): unknown {
  switch (setting.type) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) problems.push(`${setting.name}: must be a number`);
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') problems.push(`${setting.name}: must be true or false`);
      return raw === 'true';
    case 'array':
      try {
        return JSON.parse(raw);
      } catch {
        problems.push(`${setting.name}: must be a JSON list`);
        return undefined;
      }
    default:
      return raw;
  }
}

/** Writes the environment's settings into `config` (creating the objects on their path). */
export function applyEnv(config: Record<string, unknown>, env: NodeJS.ProcessEnv, problems: string[]): void {
  const settings = envSettings();
  const byName = new Map(settings.map((s) => [s.name, s]));
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const setting = byName.get(name);
    if (!setting) {
      problems.push(`${name}: no such setting (see docs/forwarder.md for the names)`);
      continue;
    }
    const value = parse(setting, raw, problems);
    let target = config;
    for (const key of setting.path.slice(0, -1)) {
      const next = target[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[setting.path[setting.path.length - 1] as string] = value;
  }
}
