import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeMessage } from '../../../src/forwarder/model/normalize-message.js';

test('variable parts become placeholders, Sentry style', () => {
  const cases: [string, string][] = [
    ['user 4711 not found', 'user <int> not found'],
    ['mail to jane.doe@example.com bounced', 'mail to <email> bounced'],
    ['GET https://api.example.com/v1/orders/77?x=1 failed', 'GET <url> failed'],
    ['connect ECONNREFUSED 10.0.3.7:5432', 'connect ECONNREFUSED <ip>'],
    ['peer fe80::1ff:fe23:4567:890a went away', 'peer <ip> went away'],
    ['order 3f2b8c1e-9a4d-4e8b-b1c2-0d9e8f7a6b5c missing', 'order <uuid> missing'],
    ['at 2026-12-01T10:00:00.123Z the job failed', 'at <date> the job failed'],
    ['object 0xdeadbeef freed twice', 'object <hex> freed twice'],
    ['commit 9fceb02d0ae598e95dc970b74767f19372d61af8 broke it', 'commit <hex> broke it'],
    ['took 1.5 seconds', 'took <float> seconds'],
    ['timeout after 250ms', 'timeout after <duration>'],
    [
      "Cannot read properties of undefined (reading 'amount')",
      'Cannot read properties of undefined (reading <quoted>)',
    ],
    ['key "sku-991" is missing', 'key <quoted> is missing'],
    ['retry=true limit=5', 'retry=<bool> limit=<int>'],
    ['at 12:30:45 the queue stalled', 'at <time> the queue stalled'],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeMessage(input), expected, input);
});

test('only the first two non-empty lines count', () => {
  assert.equal(normalizeMessage('first 1\n\nsecond 2\nthird 3'), 'first <int>\nsecond <int>');
});

test('two messages that differ only in values normalize to the same text', () => {
  assert.equal(
    normalizeMessage('payment 881 of user bob@example.com failed at 10.1.1.1'),
    normalizeMessage('payment 97 of user ann@example.org failed at 10.9.9.9'),
  );
});
