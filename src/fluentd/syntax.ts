// Fluentd's configuration syntax (the v1 format), parsed the way
// lib/fluent/config/v1_parser.rb and literal_parser.rb parse it: <directive arg> sections
// nested to any depth, `key value` lines, "double-quoted" values with escapes, line
// continuations and embedded "#{…}" Ruby, 'single-quoted' values, JSON arrays and hashes
// spanning lines, # comments, and @include of files or globs relative to the including
// file. Every section and parameter remembers the file and line it came from.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { evalEmbeddedRuby, RubyEvalError, USE_DEFAULT, USE_NIL } from './embedded-ruby.js';

export interface Location {
  file: string;
  line: number;
}

export interface ConfigParam extends Location {
  key: string;
  /** The value after quoting, escapes and embedded Ruby; null when set to nil. */
  value: string | null;
  /** `"#{use_default}"`: the parameter keeps its default. */
  useDefault: boolean;
}

export interface ConfigElement extends Location {
  name: string;
  arg: string;
  params: ConfigParam[];
  elements: ConfigElement[];
}

export class ConfigSyntaxError extends Error {
  constructor(
    readonly location: Location,
    readonly reason: string,
  ) {
    super(`${location.file}:${location.line}: ${reason}`);
  }
}

export interface ParseOptions {
  /** The environment "#{ENV[…]}" reads. */
  env?: Readonly<Record<string, string | undefined>>;
  /** File names in locations are relative to this folder (default: the root file's). */
  baseDir?: string;
}

const LINE_END = '(?:[ \\t]*(?:#.*)?(?:$(?![\\s\\S])|[\\r\\n]))+';
const SPACING = '(?:[ \\t\\r\\n]|$(?![\\s\\S])|#.*?(?:$(?![\\s\\S])|[\\r\\n]))+';
const ZERO_OR_MORE_SPACING = '(?:[ \\t\\r\\n]|#.*?(?:$(?![\\s\\S])|[\\r\\n]))*';
const SPACING_WITHOUT_COMMENT = '(?:[ \\t\\r\\n]|$(?![\\s\\S]))+';
const EOL = '(?:$(?![\\s\\S])|[\\r\\n])';
const ELEMENT_NAME = '[a-zA-Z0-9_]+';

const sticky = new Map<string, RegExp>();
function re(source: string): RegExp {
  let r = sticky.get(source);
  if (r === undefined) {
    r = new RegExp(source, 'y');
    sticky.set(source, r);
  }
  return r;
}

const NIL = Symbol('nil');
const DEFAULT = Symbol('default');

class Scanner {
  pos = 0;
  lastMatch = '';
  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  scan(source: string): string | null {
    const r = re(source);
    r.lastIndex = this.pos;
    const m = r.exec(this.text);
    if (m === null) return null;
    this.pos += m[0].length;
    this.lastMatch = m[0];
    return m[0];
  }

  skip(source: string): boolean {
    return this.scan(source) !== null;
  }

  check(source: string): string | null {
    const r = re(source);
    r.lastIndex = this.pos;
    return r.exec(this.text)?.[0] ?? null;
  }

  eof(): boolean {
    return this.pos >= this.text.length;
  }

  lineAt(pos = this.pos): number {
    let line = 1;
    for (let i = 0; i < pos && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) line++;
    return line;
  }
}

class Parser {
  constructor(
    private readonly s: Scanner,
    private readonly displayFile: string,
    private readonly options: Required<Pick<ParseOptions, 'env'>> & { baseDir: string },
  ) {}

  private error(reason: string, pos = this.s.pos): never {
    throw new ConfigSyntaxError({ file: this.displayFile, line: this.s.lineAt(pos) }, reason);
  }

  parseRoot(into: ConfigElement): void {
    this.parseElement(true, into);
    this.s.skip(SPACING);
    if (!this.s.eof()) this.error('expected end of file');
  }

  private parseElement(root: boolean, element: ConfigElement): void {
    for (;;) {
      this.s.skip(SPACING);
      if (this.s.eof()) {
        if (root) return;
        this.error(`expected end tag '</${element.name}>' but got end of file`);
      }
      const start = this.s.pos;
      if (this.s.skip('<\\/')) {
        const name = this.s.scan(ELEMENT_NAME);
        this.s.skip(SPACING);
        if (!this.s.skip('>')) this.error('expected character in tag name');
        if (!this.s.skip(LINE_END)) this.error('expected end of line after end tag');
        if (name !== element.name) this.error(`unmatched end tag: </${name}> closes <${element.name}>`, start);
        return;
      }
      if (this.s.skip('<')) {
        const name = this.s.scan(ELEMENT_NAME);
        if (name === null) this.error('expected a section name after "<"');
        this.s.skip(SPACING);
        const arg = this.scanString(`(?:${ZERO_OR_MORE_SPACING}>)`);
        this.s.skip(SPACING);
        if (!this.s.skip('>')) this.error("expected '>'");
        if (!this.s.skip(LINE_END)) this.error('expected end of line after tag');
        const child: ConfigElement = {
          name,
          arg: typeof arg === 'string' ? arg : '',
          params: [],
          elements: [],
          file: this.displayFile,
          line: this.s.lineAt(start),
        };
        this.parseElement(false, child);
        element.elements.push(child);
        continue;
      }
      if (root && this.s.skip(`(?:@include|include)${SPACING}`)) {
        this.parseInclude(element, start);
        continue;
      }
      const key = this.scanString(SPACING);
      if (typeof key !== 'string') this.error('expected a parameter name');
      this.s.skip(SPACING_WITHOUT_COMMENT);
      const line = this.s.lineAt(start);
      if (this.s.lastMatch.includes('\n') || this.s.eof()) {
        element.params.push({ key, value: '', useDefault: false, file: this.displayFile, line });
        continue;
      }
      if (key === '@include') {
        this.parseInclude(element, start);
        continue;
      }
      const value = this.parseLiteral();
      if (!this.s.skip(LINE_END)) this.error('expected end of line');
      element.params.push({
        key,
        value: value === NIL ? null : value === DEFAULT ? null : value,
        useDefault: value === DEFAULT,
        file: this.displayFile,
        line,
      });
    }
  }

  private parseInclude(element: ConfigElement, start: number): void {
    const pattern = this.scanString(LINE_END);
    this.s.skip(LINE_END);
    if (typeof pattern !== 'string') this.error('@include needs a path', start);
    if (/^[a-z][a-z0-9+.-]+:\/\//i.test(pattern) && !pattern.startsWith('file:'))
      this.error(`@include of a URL (${pattern}) is not checked`, start);
    const path = pattern.replace(/^file:\/\//, '');
    const absolute = isAbsolute(path) ? path : join(dirname(this.s.file), path);
    const files = expandGlob(absolute);
    if (files.length === 0 && !/[*?[]/.test(path)) this.error(`@include ${pattern}: no such file`, start);
    for (const file of files) parseFileInto(file, element, this.options);
  }

  private parseLiteral(): string | typeof NIL | typeof DEFAULT {
    this.s.skip(SPACING_WITHOUT_COMMENT);
    if (this.s.skip('\\[')) return this.scanJson(true);
    if (this.s.skip('\\{')) return this.scanJson(false);
    const value = this.scanString(LINE_END);
    return value ?? '';
  }

  private scanString(boundary: string): string | typeof NIL | typeof DEFAULT | null {
    if (this.s.skip('"')) return this.scanDoubleQuoted();
    if (this.s.skip("'")) return this.scanSingleQuoted();
    return this.scanNonQuoted(boundary);
  }

  private scanDoubleQuoted(): string | typeof NIL | typeof DEFAULT {
    const parts: (string | typeof NIL | typeof DEFAULT)[] = [];
    for (;;) {
      if (this.s.skip('"')) {
        if (parts.includes(NIL)) return NIL;
        if (parts.includes(DEFAULT)) return DEFAULT;
        return parts.join('');
      }
      if (this.s.check(`[^"]${EOL}`) !== null) {
        // A character before a line break: kept with the break, unless it is a
        // backslash (a continuation line: both go).
        const kept = this.s.check(`[^\\\\]${EOL}`);
        if (kept !== null) parts.push(kept);
        this.s.skip(`[^"]${EOL}`);
        continue;
      }
      const escaped = this.s.scan('\\\\.');
      if (escaped !== null) {
        parts.push(this.escape(escaped[1] as string));
        continue;
      }
      if (this.s.skip('#\\{')) {
        parts.push(this.embedded());
        continue;
      }
      const c = this.s.scan('.');
      if (c !== null) {
        parts.push(c);
        continue;
      }
      this.error('unexpected end of file in a double quoted string');
    }
  }

  private escape(c: string): string {
    const simple: Record<string, string> = {
      '"': '"',
      "'": "'",
      r: '\r',
      n: '\n',
      t: '\t',
      f: '\f',
      b: '\b',
      '0': '\0',
    };
    const known = simple[c];
    if (known !== undefined) return known;
    if (/[a-zA-Z0-9]/.test(c)) this.error(`unexpected back-slash escape character '${c}'`);
    return c;
  }

  /** The code of one "#{…}" up to its closing brace (quotes and nested braces respected), evaluated. */
  private embedded(): string | typeof NIL | typeof DEFAULT {
    const start = this.s.pos;
    const text = this.s.text;
    let depth = 0;
    let i = start;
    let quote: string | null = null;
    for (; i < text.length; i++) {
      const c = text[i];
      if (quote !== null) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) break;
        depth--;
      }
    }
    if (i >= text.length) this.error('expected end of embedded code but got end of file', start);
    const code = text.slice(start, i);
    this.s.pos = i + 1;
    try {
      const value = evalEmbeddedRuby(code, this.options.env);
      if (value === USE_NIL || value === null || value === false) return NIL;
      if (value === USE_DEFAULT) return DEFAULT;
      return value;
    } catch (err) {
      if (err instanceof RubyEvalError)
        this.error(`embedded Ruby "#{${code}}" is outside what the validator evaluates: ${err.message}`, start);
      throw err;
    }
  }

  private scanSingleQuoted(): string {
    let value = '';
    for (;;) {
      if (this.s.skip("'")) return value;
      if (this.s.skip("\\\\'")) value += "'";
      else if (this.s.skip('\\\\\\\\')) value += '\\';
      else {
        const c = this.s.scan('.');
        if (c === null) this.error('unexpected end of file in a single quoted string');
        value += c;
      }
    }
  }

  private scanNonQuoted(boundary: string): string | null {
    let value = '';
    for (;;) {
      if (this.s.skip('#')) value += '#';
      else {
        const c = this.s.scan(`(?!${boundary}).`);
        if (c === null) break;
        value += c;
      }
    }
    return value === '' ? null : value;
  }

  /** A JSON array or hash written over one or more lines, with # comments; returned re-serialised. */
  private scanJson(isArray: boolean): string {
    const start = this.s.pos - 1;
    let buffer = isArray ? '[' : '{';
    let line = '';
    const close = isArray ? ']' : '}';
    const parses = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    for (;;) {
      if (this.s.eof()) this.error(`got incomplete JSON ${isArray ? 'array' : 'hash'} configuration`, start);
      const c = this.s.text[this.s.pos] as string;
      this.s.pos++;
      if (c === '#') {
        if (parses(`${buffer}${line.trimEnd().replace(/,$/, '')}${close}`)) {
          while (!this.s.eof() && this.s.text[this.s.pos] !== '\n') this.s.pos++;
          continue;
        }
        if (this.s.check('\\{[^}]+\\}') !== null) {
          this.s.pos++;
          const value = this.embedded();
          line += typeof value === 'string' ? value : '';
          continue;
        }
        line += c;
        continue;
      }
      if (c === '\n') {
        buffer += `${line}\n`;
        line = '';
        continue;
      }
      line += c;
      try {
        return JSON.stringify(JSON.parse(buffer + line));
      } catch {
        // not complete yet
      }
    }
  }
}

/** The files a glob names, sorted, as Fluentd's Dir.glob(pattern).sort (only * and ? in the last part). */
function expandGlob(path: string): string[] {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!/[*?]/.test(name)) {
    try {
      readFileSync(path);
      return [path];
    } catch {
      return [];
    }
  }
  const dir = dirname(path);
  const pattern = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => pattern.test(n))
    .sort()
    .map((n) => join(dir, n));
}

function parseFileInto(
  file: string,
  into: ConfigElement,
  options: Required<Pick<ParseOptions, 'env'>> & { baseDir: string },
): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigSyntaxError(
      { file: relative(options.baseDir, file), line: 0 },
      `cannot read: ${(err as Error).message}`,
    );
  }
  new Parser(new Scanner(text, file), relative(options.baseDir, file), options).parseRoot(into);
}

/** Parses a configuration file and everything it includes into one root element. */
export function parseConfigFile(file: string, options: ParseOptions = {}): ConfigElement {
  const baseDir = options.baseDir ?? dirname(file);
  const root: ConfigElement = {
    name: 'ROOT',
    arg: '',
    params: [],
    elements: [],
    file: relative(baseDir, file),
    line: 0,
  };
  parseFileInto(file, root, { env: options.env ?? {}, baseDir });
  return root;
}

/** Parses configuration text (no @include relative to a file other than `file`). */
export function parseConfigText(text: string, file: string, options: ParseOptions = {}): ConfigElement {
  const baseDir = options.baseDir ?? dirname(file);
  const display = relative(baseDir, file);
  const root: ConfigElement = { name: 'ROOT', arg: '', params: [], elements: [], file: display, line: 0 };
  new Parser(new Scanner(text, file), display, { env: options.env ?? {}, baseDir }).parseRoot(root);
  return root;
}
