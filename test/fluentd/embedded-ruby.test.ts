import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalEmbeddedRuby, RubyEvalError, USE_DEFAULT, USE_NIL } from '../../src/fluentd/embedded-ruby.js';

const env = { SET: 'v', EMPTY: '' };

test('ENV[], ENV.fetch, ||, + and string literals evaluate as Ruby would', () => {
  assert.equal(evalEmbeddedRuby(`ENV['SET']`, env), 'v');
  assert.equal(evalEmbeddedRuby(`ENV["UNSET"]`, env), null);
  assert.equal(evalEmbeddedRuby(`ENV['UNSET'] || 'd'`, env), 'd');
  // "" is true in Ruby: an empty variable does not fall back.
  assert.equal(evalEmbeddedRuby(`ENV['EMPTY'] || 'd'`, env), '');
  assert.equal(evalEmbeddedRuby(`ENV.fetch('UNSET', 'x') + ':' + (ENV['SET'] || 'y')`, env), 'x:v');
  assert.equal(evalEmbeddedRuby(`'["/a/*.log"]'`, env), '["/a/*.log"]');
});

test('use_nil and use_default, and only when Ruby would reach them', () => {
  assert.equal(evalEmbeddedRuby(`ENV['UNSET'] || use_nil`, env), USE_NIL);
  assert.equal(evalEmbeddedRuby(`ENV['SET'] || use_nil`, env), 'v');
  assert.equal(evalEmbeddedRuby(`ENV['UNSET'] || use_default`, env), USE_DEFAULT);
  assert.equal(evalEmbeddedRuby(`ENV['SET'] || ENV.fetch('UNSET')`, env), 'v');
});

test('anything else is refused', () => {
  for (const code of ['`id`', 'File.read("/etc/passwd")', `ENV.fetch('UNSET')`, `ENV['UNSET'] + 'x'`, '"a#{1}"'])
    assert.throws(() => evalEmbeddedRuby(code, env), RubyEvalError, code);
});
