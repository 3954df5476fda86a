import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tagMatches } from '../../src/fluentd/tag-pattern.js';

test('tag patterns match as Fluentd matches them', () => {
  const cases: [string, string, boolean][] = [
    ['raw.**', 'raw.kubernetes.var.log.x', true],
    ['raw.**', 'raw', true],
    ['raw.**', 'rawx.a', false],
    ['raw.**', 'kubernetes.var', false],
    ['**', 'fluent.warn', true],
    ['a.*', 'a.b', true],
    ['a.*', 'a.b.c', false],
    ['{a,b}.x', 'b.x', true],
    ['a.** b.**', 'b.c', true],
    ['**.log', 'var.log', true],
    ['fluent.**', 'fluent.warn', true],
  ];
  for (const [pattern, tag, expected] of cases) assert.equal(tagMatches(pattern, tag), expected, `${pattern} ${tag}`);
});
