// `${VAR}` in any string value of the YAML is replaced by that environment variable, so
// secrets stay out of the file. `$${` writes a literal `${`. A variable that is not set
// is a problem named with its path, never an empty string that fails later.
const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function interpolate(value: unknown, env: NodeJS.ProcessEnv, problems: string[], path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (whole, escaped: string, name: string) => {
      if (escaped) return whole.slice(1);
      const found = env[name];
      if (found === undefined) {
        problems.push(`${path || '/'}: environment variable ${name} is not set`);
        return '';
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, problems, `${path}/${i}`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = interpolate(inner, env, problems, `${path}/${key}`);
    return out;
  }
  return value;
}
