// The Ruby that Fluentd evaluates inside "#{…}" in a double-quoted value, for the few
// forms a configuration needs to read its environment: ENV['X'], ENV.fetch('X', 'd'),
// string literals, `||`, `+`, parentheses, and Fluentd's use_nil / use_default
// (lib/fluent/config/literal_parser.rb). Anything else is refused by name, so a
// configuration that relies on other Ruby is not passed as valid by accident.

/** use_nil: the parameter is set to nil (as if absent, but overriding its default). */
export const USE_NIL = Symbol('use_nil');
/** use_default: the parameter keeps its default. */
export const USE_DEFAULT = Symbol('use_default');

export type RubyValue = string | null | false | typeof USE_NIL | typeof USE_DEFAULT;

export class RubyEvalError extends Error {}

type Token = { kind: 'str'; value: string } | { kind: 'id'; value: string } | { kind: 'op'; value: string };

function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      while (i < code.length && code[i] !== c) {
        if (code[i] === '\\' && i + 1 < code.length) {
          const next = code[i + 1] as string;
          if (c === "'") value += next === "'" || next === '\\' ? next : `\\${next}`;
          else value += ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[next] ?? next;
          i += 2;
        } else if (c === '"' && code[i] === '#' && code[i + 1] === '{') {
          throw new RubyEvalError('string interpolation inside embedded Ruby');
        } else {
          value += code[i];
          i++;
        }
      }
      if (i >= code.length) throw new RubyEvalError('unterminated string');
      i++;
      tokens.push({ kind: 'str', value });
    } else if (code.startsWith('||', i)) {
      tokens.push({ kind: 'op', value: '||' });
      i += 2;
    } else if ('[]().,+'.includes(c)) {
      tokens.push({ kind: 'op', value: c });
      i++;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(code.slice(i));
      if (!m) throw new RubyEvalError(`unexpected "${c}"`);
      tokens.push({ kind: 'id', value: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

class Evaluator {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  run(): RubyValue {
    const value = this.or();
    if (this.i < this.tokens.length) throw new RubyEvalError(`unexpected "${this.tokens[this.i]?.value}"`);
    return value;
  }

  private peek(value: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.kind !== 'str' && t.value === value;
  }

  private expect(value: string): void {
    if (!this.peek(value)) throw new RubyEvalError(`expected "${value}"`);
    this.i++;
  }

  private string(): string {
    const t = this.tokens[this.i];
    if (t?.kind !== 'str') throw new RubyEvalError('expected a string literal');
    this.i++;
    return t.value;
  }

  private or(): RubyValue {
    let value = this.plus();
    while (this.peek('||')) {
      this.i++;
      // Ruby's || is lazy: the right side runs (and may raise, or use_nil) only when needed.
      if (value === null || value === false) value = this.plus();
      else this.parseOnly(() => this.plus());
    }
    return value;
  }

  /** > 0 while parsing an operand Ruby would not run: nothing raises. */
  private dry = 0;

  private parseOnly(parse: () => RubyValue): void {
    this.dry++;
    try {
      parse();
    } finally {
      this.dry--;
    }
  }

  private plus(): RubyValue {
    let value = this.factor();
    while (this.peek('+')) {
      this.i++;
      const right = this.factor();
      if (this.dry > 0) continue;
      if (typeof value !== 'string' || typeof right !== 'string')
        throw new RubyEvalError('"+" on something that is not a string (an unset variable?)');
      value += right;
    }
    return value;
  }

  private factor(): RubyValue {
    const t = this.tokens[this.i];
    if (t === undefined) throw new RubyEvalError('unexpected end');
    if (t.kind === 'str') {
      this.i++;
      return t.value;
    }
    if (t.kind === 'op' && t.value === '(') {
      this.i++;
      const value = this.or();
      this.expect(')');
      return value;
    }
    if (t.kind !== 'id') throw new RubyEvalError(`unexpected "${t.value}"`);
    this.i++;
    switch (t.value) {
      case 'nil':
        return null;
      case 'use_nil':
        if (this.dry > 0) return null;
        throw new Signal(USE_NIL);
      case 'use_default':
        if (this.dry > 0) return null;
        throw new Signal(USE_DEFAULT);
      case 'ENV': {
        if (this.peek('[')) {
          this.i++;
          const name = this.string();
          this.expect(']');
          return this.env[name] ?? null;
        }
        this.expect('.');
        const method = this.tokens[this.i];
        if (method?.kind !== 'id' || method.value !== 'fetch') throw new RubyEvalError('only ENV[…] and ENV.fetch(…)');
        this.i++;
        this.expect('(');
        const name = this.string();
        let fallback: RubyValue | undefined;
        if (this.peek(',')) {
          this.i++;
          fallback = this.or();
        }
        this.expect(')');
        const value = this.env[name];
        if (value !== undefined) return value;
        if (fallback === undefined && this.dry > 0) return null;
        if (fallback === undefined) throw new RubyEvalError(`ENV.fetch('${name}') raises KeyError: it is not set`);
        return fallback;
      }
      default:
        throw new RubyEvalError(`"${t.value}"`);
    }
  }
}

class Signal {
  constructor(readonly value: typeof USE_NIL | typeof USE_DEFAULT) {}
}

/** Evaluates the code of one "#{…}". Throws RubyEvalError for Ruby outside the subset. */
export function evalEmbeddedRuby(code: string, env: Readonly<Record<string, string | undefined>>): RubyValue {
  try {
    return new Evaluator(tokenize(code), env).run();
  } catch (err) {
    if (err instanceof Signal) return err.value;
    throw err;
  }
}
