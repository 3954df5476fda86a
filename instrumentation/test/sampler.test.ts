// The ratio sampler keeps exactly the traces the JavaScript SDK's TraceIdRatioBasedSampler
// keeps: the same decision on 100,000 random trace ids at several ratios, and on the edge
// ids where the two readings of a trace id most easily differ. Parent-based sampling follows
// the parent's flag whatever the ratio.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { createSampler, ratioUpperBound, traceIdWord } from '../src/tracing/sampler.js';

const sdkKeeps = (sdk: TraceIdRatioBasedSampler, traceId: string) =>
  sdk.shouldSample(ROOT_CONTEXT, traceId).decision === SamplingDecision.RECORD_AND_SAMPLED;

test('keeps the same traces as the SDK on 100,000 random trace ids at several ratios', () => {
  const ids = Array.from({ length: 100_000 }, () => randomBytes(16).toString('hex'));
  for (const ratio of [0, 0.0001, 0.01, 0.1, 0.25, 1 / 3, 0.5, 0.9, 0.999999, 1]) {
    const sdk = new TraceIdRatioBasedSampler(ratio);
    const ours = createSampler({ ratio, parentBased: false });
    let kept = 0;
    for (const id of ids) {
      const keep = ours(undefined, id);
      assert.equal(keep, sdkKeeps(sdk, id), `ratio ${ratio}, trace id ${id}`);
      if (keep) kept++;
    }
    // The decisions are not all the same value: the comparison above means something.
    if (ratio >= 0.01 && ratio <= 0.9) {
      assert.ok(Math.abs(kept / ids.length - ratio) < 0.01, `ratio ${ratio} kept ${kept}`);
    }
  }
});

test('agrees on edge ids: words that cancel out, high bits set, and ids right at the bound', () => {
  const ratio = 0.5;
  const bound = ratioUpperBound(ratio);
  const word = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  const edges = [
    'ffffffffffffffffffffffffffffffff',
    'ffffffff00000000ffffffff00000000',
    '80000000000000000000000000000001',
    `${word(bound)}000000000000000000000000`,
    `${word(bound - 1)}000000000000000000000000`,
    `000000000000000000000000${word(bound)}`,
    '0000000000000000000000000000000f',
    '4bf92f3577b34da6a3ce929d0e0e4736',
  ];
  const sdk = new TraceIdRatioBasedSampler(ratio);
  const ours = createSampler({ ratio, parentBased: false });
  for (const id of edges) assert.equal(ours(undefined, id), sdkKeeps(sdk, id), id);
  assert.equal(traceIdWord('ffffffff00000000ffffffff00000000'), 0);
  assert.equal(traceIdWord('80000000000000000000000000000001'), 0x80000001);
  assert.equal(ours(undefined, `${word(bound - 1)}000000000000000000000000`), true);
  assert.equal(ours(undefined, `${word(bound)}000000000000000000000000`), false);
});

test('parent-based: a parent decides, whatever the ratio', () => {
  const parent = (flags: number) => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: flags });
  const never = createSampler({ ratio: 0, parentBased: true });
  const always = createSampler({ ratio: 1, parentBased: true });
  assert.equal(never(parent(TraceFlags.SAMPLED), 'f'.repeat(32)), true);
  assert.equal(always(parent(TraceFlags.NONE), `${'0'.repeat(31)}1`), false);
  assert.equal(never(undefined, `${'0'.repeat(31)}1`), false);
  assert.equal(always(undefined, 'f'.repeat(32)), true);
});
