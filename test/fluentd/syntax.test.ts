// The parser reads Fluentd's syntax as lib/fluent/config/v1_parser.rb does, and says
// where a syntax error is.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigSyntaxError, parseConfigFile, parseConfigText } from '../../src/fluentd/syntax.js';

const parse = (text: string, env: Record<string, string> = {}) => parseConfigText(text, '/x/test.conf', { env });

test('nested sections, arguments, parameters and their lines', () => {
  const root = parse(
    [
      '# a comment',
      '<match app.**>',
      '  @type copy',
      '  <store ignore_error>',
      '    @type null',
      '  </store>',
      '</match>',
      '',
    ].join('\n'),
  );
  const match = root.elements[0];
  assert.equal(match?.name, 'match');
  assert.equal(match?.arg, 'app.**');
  assert.equal(match?.line, 2);
  assert.deepEqual(
    match?.params.map((p) => [p.key, p.value, p.line]),
    [['@type', 'copy', 3]],
  );
  const store = match?.elements[0];
  assert.equal(store?.arg, 'ignore_error');
  assert.deepEqual(
    store?.params.map((p) => [p.key, p.value, p.line, p.file]),
    [['@type', 'null', 5, 'test.conf']],
  );
});

test('values: unquoted up to a " #" comment, single and double quotes, escapes, continuation lines, empty', () => {
  const root = parse(
    [
      '<source>',
      '  a value with spaces # and a comment',
      '  b a#b',
      "  c 'single \\' quoted'",
      '  d "tab\\there \\"q\\""',
      '  e "first \\',
      'second"',
      '  f "line one',
      'line two"',
      '  g ""',
      '  h',
      '</source>',
    ].join('\n'),
  );
  const values = Object.fromEntries(root.elements[0]?.params.map((p) => [p.key, p.value]) ?? []);
  assert.deepEqual(values, {
    a: 'value with spaces',
    b: 'a#b',
    c: "single ' quoted",
    d: 'tab\there "q"',
    e: 'first second',
    f: 'line one\nline two',
    g: '',
    h: '',
  });
});

test('JSON arrays and hashes may span lines and carry comments', () => {
  const root = parse(['<source>', '  list [1,', '    2, # two', '    3]', '  map {"a": "b"}', '</source>'].join('\n'));
  const values = Object.fromEntries(root.elements[0]?.params.map((p) => [p.key, p.value]) ?? []);
  assert.deepEqual(values, { list: '[1,2,3]', map: '{"a":"b"}' });
});

test('embedded Ruby reads the environment; use_nil sets nil; an unset ENV[] alone makes the whole value nil', () => {
  const text = [
    '<source>',
    `  host "#{ENV['HOST'] || 'localhost'}"`,
    `  url "http://#{ENV['HOST'] || 'h'}:#{ENV.fetch('PORT', '80')}/"`,
    `  user "#{ENV['USER'] || use_nil}"`,
    `  token "Bearer #{ENV['TOKEN']}"`,
    `  kept "#{use_default}"`,
    '</source>',
  ].join('\n');
  const unset = Object.fromEntries(parse(text).elements[0]?.params.map((p) => [p.key, [p.value, p.useDefault]]) ?? []);
  assert.deepEqual(unset, {
    host: ['localhost', false],
    url: ['http://h:80/', false],
    user: [null, false],
    token: [null, false],
    kept: [null, true],
  });
  const set = parse(text, { HOST: 'es', PORT: '9200', USER: 'elastic', TOKEN: 't' }).elements[0]?.params;
  assert.deepEqual(
    set?.slice(0, 4).map((p) => p.value),
    ['es', 'http://es:9200/', 'elastic', 'Bearer t'],
  );
});

test('Ruby outside the evaluated subset is refused with its location', () => {
  assert.throws(
    () => parse(['<source>', '  host "#{`hostname`}"', '</source>'].join('\n')),
    (err: unknown) => err instanceof ConfigSyntaxError && err.message.startsWith('test.conf:2: embedded Ruby'),
  );
});

test('syntax errors name the file and line', () => {
  assert.throws(
    () => parse(['<match a>', '  @type null', '</filter>'].join('\n')),
    (err: unknown) =>
      err instanceof ConfigSyntaxError && err.message === 'test.conf:3: unmatched end tag: </filter> closes <match>',
  );
  assert.throws(
    () => parse(['<match a>', '  @type null'].join('\n')),
    (err: unknown) =>
      err instanceof ConfigSyntaxError && /^test\.conf:2: expected end tag '<\/match>'/.test(err.message),
  );
});

test('@include reads files and globs relative to the including file, in name order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-fluentd-syntax-'));
  writeFileSync(join(dir, 'main.conf'), '@include parts/*.conf\n@include last.conf\n');
  const parts = join(dir, 'parts');
  mkdirSync(parts);
  writeFileSync(join(parts, 'b.conf'), '<match b>\n  @type null\n</match>\n');
  writeFileSync(join(parts, 'a.conf'), '<match a>\n  @type null\n</match>\n');
  writeFileSync(join(dir, 'last.conf'), '\n<match c>\n  @type null\n</match>\n');
  const root = parseConfigFile(join(dir, 'main.conf'));
  assert.deepEqual(
    root.elements.map((e) => [e.arg, e.file, e.line]),
    [
      ['a', 'parts/a.conf', 1],
      ['b', 'parts/b.conf', 1],
      ['c', 'last.conf', 2],
    ],
  );
  assert.throws(
    () => parseConfigText('@include missing.conf\n', join(dir, 'x.conf')),
    /x\.conf:1: @include missing\.conf: no such file/,
  );
});
