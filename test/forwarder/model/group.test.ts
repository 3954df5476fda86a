import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFingerprinter } from '../../../src/forwarder/model/fingerprint.js';
import { type GroupingRules, markAlerted, newGroup, observe } from '../../../src/forwarder/model/group.js';
import { record } from '../helpers.js';

const MIN = 60_000;
const rules: GroupingRules = {
  windowMs: 5 * MIN,
  realertAfterMs: 30 * MIN,
  newErrorAfterMs: 7 * 24 * 60 * MIN,
  spikeFactor: 5,
  spikeMinCount: 20,
  spikeBaselineWindows: 12,
};
const T0 = Date.parse('2026-12-01T10:00:00Z');
const fp = createFingerprinter();
const at = (ms: number) => record({ '@timestamp': new Date(T0 + ms).toISOString() });

function fresh() {
  const first = at(0);
  const group = newGroup(first, fp(first), rules, T0);
  return { group, first };
}

test('the first record is a new error; then quiet until realertAfter has passed', () => {
  const { group, first } = fresh();
  assert.equal(observe(group, first, rules, T0, true), 'new');
  markAlerted(group, 'new', T0);
  assert.equal(observe(group, at(MIN), rules, T0 + MIN, false), undefined);
  assert.equal(observe(group, at(29 * MIN), rules, T0 + 29 * MIN, false), undefined);
  assert.equal(observe(group, at(30 * MIN), rules, T0 + 30 * MIN, false), 'recurring');
  assert.equal(group.total, 4);
  assert.equal(group.firstSeen, T0);
  assert.equal(group.lastSeen, T0 + 30 * MIN);
});

test('counts are kept per window of event time', () => {
  const { group, first } = fresh();
  observe(group, first, rules, T0, true);
  observe(group, at(MIN), rules, T0, false);
  assert.equal(group.windowCount, 2);
  observe(group, at(6 * MIN), rules, T0, false);
  assert.equal(group.windowCount, 1);
  assert.equal(group.windowStart, T0 + 5 * MIN);
  assert.equal(group.baseline, 2);
});

test('a spike against the group’s own baseline alerts once per window, before realert would', () => {
  const { group, first } = fresh();
  observe(group, first, rules, T0, true);
  markAlerted(group, 'new', T0);
  // Four windows of about 2 errors each: the baseline.
  for (let w = 0; w < 4; w++)
    for (let i = 0; i < 2; i++) assert.equal(observe(group, at(w * 5 * MIN + i), rules, T0 + MIN, false), undefined);
  assert.ok(group.baseline > 1 && group.baseline < 3, String(group.baseline));
  // Then 30 in one window: 5x the baseline and above spikeMinCount.
  const reasons = [];
  for (let i = 0; i < 30; i++) reasons.push(observe(group, at(4 * 5 * MIN + i), rules, T0 + 2 * MIN, false));
  const spikeAt = reasons.indexOf('spike');
  assert.ok(spikeAt >= rules.spikeMinCount - 1, `spike at ${spikeAt}`);
  markAlerted(group, 'spike', T0 + 2 * MIN);
  assert.equal(observe(group, at(4 * 5 * MIN + 100), rules, T0 + 3 * MIN, false), undefined);
});

test('a flood in the very first windows is no spike (no baseline yet)', () => {
  const { group, first } = fresh();
  observe(group, first, rules, T0, true);
  markAlerted(group, 'new', T0);
  for (let i = 0; i < 200; i++) assert.equal(observe(group, at(i), rules, T0 + MIN, false), undefined);
});

test('an error not seen for newErrorAfter is new again', () => {
  const { group, first } = fresh();
  observe(group, first, rules, T0, true);
  markAlerted(group, 'new', T0);
  const later = rules.newErrorAfterMs + MIN;
  assert.equal(observe(group, at(later), rules, T0 + later, false), 'new');
});
