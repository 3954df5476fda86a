import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Group } from '../../../src/forwarder/model/group.js';
import { GroupCache } from '../../../src/forwarder/state/group-cache.js';

const group = (fingerprint: string) => ({ fingerprint, total: 0 }) as Group;

test('holds at most max groups, dropping the least recently used, and loads misses', () => {
  const loads: string[] = [];
  const cache = new GroupCache(3, (fp) => {
    loads.push(fp);
    return fp.startsWith('stored') ? group(fp) : undefined;
  });
  for (const fp of ['a', 'b', 'c']) cache.set(group(fp));
  assert.ok(cache.get('a'), 'a is used, so b is now the oldest');
  cache.set(group('d'));
  assert.equal(cache.size, 3);
  assert.deepEqual(loads, []);
  assert.equal(cache.get('b'), undefined, 'b was dropped and the store does not have it');
  assert.deepEqual(loads, ['b']);
  assert.equal(cache.get('stored-1')?.fingerprint, 'stored-1');
  assert.equal(cache.size, 3);
  cache.clear();
  assert.equal(cache.size, 0);
});
