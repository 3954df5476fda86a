import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createFingerprinter } from '../../../src/forwarder/model/fingerprint.js';
import { newGroup } from '../../../src/forwarder/model/group.js';
import { SqliteStore } from '../../../src/forwarder/state/sqlite-store.js';
import { record, tempDir } from '../helpers.js';

const rules = {
  windowMs: 300_000,
  realertAfterMs: 1,
  newErrorAfterMs: 1,
  spikeFactor: 5,
  spikeMinCount: 5,
  spikeBaselineWindows: 3,
};

test('everything committed survives closing and reopening the file', (t) => {
  const path = join(tempDir(t), 'state.db');
  const store = new SqliteStore(path);
  const r = record();
  const group = newGroup(r, createFingerprinter()(r), rules, 1000);
  store.transaction(() => {
    assert.equal(store.acceptEvent('e1', 1000), true);
    store.putGroup(group);
    store.putCheckpoint('elasticsearch', '{"after":[1,"e1"]}');
    store.enqueue('webhook', 'k1', '{"a":1}', 1000);
    store.putSilence({ id: 's1', match: { service: 'checkout' }, until: 5000, comment: 'deploy', createdBy: 'me' });
  });
  store.close();
  const again = new SqliteStore(path);
  t.after(() => again.close());
  assert.equal(again.acceptEvent('e1', 2000), false, 'the event id is remembered');
  assert.deepEqual(again.getGroup(group.fingerprint), group);
  assert.equal(again.getCheckpoint('elasticsearch'), '{"after":[1,"e1"]}');
  assert.deepEqual(
    again.due('webhook', 1000, 10).map((row) => row.key),
    ['k1'],
  );
  assert.equal(again.silences(4000).length, 1);
  assert.equal(again.silences(5000).length, 0, 'expired silences are not listed');
});

test('a transaction that throws leaves nothing behind', (t) => {
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  t.after(() => store.close());
  assert.throws(() =>
    store.transaction(() => {
      store.acceptEvent('e1', 1);
      store.enqueue('slack', 'k', '{}', 1);
      throw new Error('crash in the middle');
    }),
  );
  assert.equal(store.acceptEvent('e1', 2), true);
  assert.equal(store.pending('slack'), 0);
});

test('the outbox is per sink: sent, retried and failed rows move independently', (t) => {
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  t.after(() => store.close());
  for (const sink of ['slack', 'webhook']) store.enqueue(sink, 'k1', '{}', 100);
  store.enqueue('slack', 'k1', '{"again":true}', 200);
  assert.equal(store.pending('slack'), 1, 'the same key is queued once per sink');
  store.markSent('webhook', 'k1', 150);
  store.markRetry('slack', 'k1', 5_000, '500 rollup_error');
  assert.deepEqual(store.due('slack', 4_999, 10), []);
  assert.equal(store.due('slack', 5_000, 10)[0]?.attempts, 1);
  assert.equal(store.nextDue('slack'), 5_000);
  assert.equal(store.pending('webhook'), 0);
  store.markFailed('slack', 'k1', 6_000, '404 channel_not_found');
  assert.equal(store.pending('slack'), 0);
  assert.equal(store.pruneOutbox(7_000), 2);
});

test('old event ids are pruned; configured silences are replaced by prefix', (t) => {
  const store = new SqliteStore(join(tempDir(t), 'state.db'));
  t.after(() => store.close());
  store.acceptEvent('old', 1);
  store.acceptEvent('new', 100);
  assert.equal(store.pruneEvents(50), 1);
  assert.equal(store.acceptEvent('old', 200), true);
  assert.equal(store.acceptEvent('new', 200), false);
  store.putSilence({ id: 'config:0', match: { service: 'a' }, comment: '', createdBy: 'configuration' });
  store.putSilence({ id: 'config_x', match: { service: 'b' }, comment: '', createdBy: 'api' });
  store.deleteSilencesWithPrefix('config:');
  assert.deepEqual(
    store.silences(0).map((s) => s.id),
    ['config_x'],
  );
});
