import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typeProblem } from '../../src/fluentd/param-types.js';

test('values of each Fluentd type are accepted in the forms Fluentd reads', () => {
  const ok: [Parameters<typeof typeProblem>[0], string][] = [
    [{ type: 'integer' }, '24231'],
    [{ type: 'float' }, '0.8'],
    [{ type: 'size' }, '8MB'],
    [{ type: 'size' }, '256m'],
    [{ type: 'time' }, '5s'],
    [{ type: 'time' }, '2'],
    [{ type: 'bool' }, 'true'],
    [{ type: 'bool' }, ''],
    [{ type: 'enum', list: ['a', 'b'] }, 'b'],
    [{ type: 'array', valueType: 'integer' }, '[429, 503]'],
    [{ type: 'array' }, 'a, b,c'],
    [{ type: 'hash' }, '{"Authorization":"Bearer x"}'],
    [{ type: 'hash' }, 'a:1,b:2'],
    [{ type: 'regexp' }, '/\\A(?:error|fatal)\\z/'],
  ];
  for (const [spec, value] of ok) assert.equal(typeProblem(spec, value), undefined, `${spec.type} ${value}`);
});

test('values that are not of the type say why', () => {
  assert.equal(typeProblem({ type: 'integer' }, 'abc'), '"abc" is not an integer');
  assert.equal(typeProblem({ type: 'bool' }, 'ture'), '"ture" is not true or false');
  assert.equal(
    typeProblem({ type: 'time' }, '5 minutes'),
    '"5 minutes" is not a duration (seconds, or a number with s, m, h or d)',
  );
  assert.equal(typeProblem({ type: 'size' }, 'big'), '"big" is not a size (a number of bytes, or with k, m, g or t)');
  assert.equal(typeProblem({ type: 'enum', list: ['http', 'https'] }, 'ftp'), '"ftp" is not one of http, https');
  assert.equal(typeProblem({ type: 'array', valueType: 'integer' }, '[429, "x"]'), 'an element: "x" is not an integer');
  assert.equal(typeProblem({ type: 'hash' }, '{"a":'), '"{"a":" is not a JSON object');
  assert.equal(typeProblem({ type: 'regexp' }, '/abc/xyzw'), '"/abc/xyzw" is missing its closing slash');
});
