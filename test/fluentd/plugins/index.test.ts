// The plugin tables name the gem and version they were read from, and fluentd/Gemfile
// pins exactly those versions for the image.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findPlugin, KNOWN_PLUGINS, pluginTypes } from '../../../src/fluentd/plugins/index.js';

const gemfile = readFileSync(join(import.meta.dirname, '../../../fluentd/Gemfile'), 'utf8');

test('every table names its gem, version and source file, and each kind/@type is known once', () => {
  const seen = new Set<string>();
  for (const p of KNOWN_PLUGINS) {
    assert.match(p.gem, /^fluent(d|-plugin-[a-z_-]+)$/, p.type);
    assert.match(p.version, /^\d+\.\d+\.\d+$/, p.type);
    assert.match(p.source, /lib\/fluent\//, p.type);
    const key = `${p.kind}:${p.type}`;
    assert.ok(!seen.has(key), `${key} twice`);
    seen.add(key);
  }
  assert.equal(findPlugin('output', 'elasticsearch')?.version, '6.0.0');
  assert.ok(pluginTypes('parser').includes('cri'));
});

test('fluentd/Gemfile pins each gem at the version its table was read from', () => {
  const pins = new Map<string, string[]>();
  for (const m of gemfile.matchAll(/^\s*gem "([^"]+)", "([^"]+)"/gm))
    pins.set(m[1] as string, [...(pins.get(m[1] as string) ?? []), m[2] as string]);
  for (const p of KNOWN_PLUGINS) assert.ok(pins.get(p.gem)?.includes(p.version), `${p.gem} ${p.version} is pinned`);
});
