// The library's own tracer and spans: users' spans inside a handler join the call's trace,
// startActiveSpan makes a span current for log lines, the API's Span behaviour (status,
// attribute validation, limits, exceptions, events, links, end once), sampling rules, ids.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import type { FinishedSpan } from '../src/tracing/finished-span.js';
import { IdGenerator } from '../src/tracing/ids.js';
import { createSampler } from '../src/tracing/sampler.js';
import { DEFAULT_SPAN_LIMITS, RecordingSpan, type SpanLimits } from '../src/tracing/span.js';
import { KansokuTracer } from '../src/tracing/tracer.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe, serve } from './helpers/observe.js';
import { unary } from './helpers/test-service.js';

function standalone(limits: Partial<SpanLimits> = {}, ratio = 1) {
  const ended: FinishedSpan[] = [];
  const tracer = new KansokuTracer({
    ids: new IdGenerator(),
    sampler: createSampler({ ratio, parentBased: true }),
    limits: { ...DEFAULT_SPAN_LIMITS, ...limits },
    sink: (span) => ended.push(span),
  });
  return { tracer, ended };
}

test("inside a handler, obs.tracer's spans are children of the call's span, and startActiveSpan makes a span current for log lines", async (t) => {
  const exporter = memoryExporter();
  const { obs, lines } = observe({ tracing: { encodedExporter: exporter, scheduledDelayMs: 5 } });
  const { client } = await serve(t, obs, {
    hooks: {
      onCall() {
        obs.tracer?.startSpan('load order').end();
        obs.tracer?.startActiveSpan('price order', (span: Span) => {
          obs.logger.info({ step: 'pricing' }, 'pricing');
          span.end();
        });
      },
    },
  });
  await unary(client, {});
  await obs.flush();
  const spans = exporter.spans();
  const call = spans.find((s) => s.kind === SpanKind.SERVER);
  const load = spans.find((s) => s.name === 'load order');
  const price = spans.find((s) => s.name === 'price order');
  assert.ok(call && load && price, spans.map((s) => s.name).join(', '));
  assert.equal(load.kind, SpanKind.INTERNAL);
  assert.equal(load.traceId, call.traceId);
  assert.equal(load.parentSpanId, call.spanId);
  assert.equal(load.parentIsRemote, false);
  assert.equal(price.parentSpanId, call.spanId);
  const line = lines.find((l) => l.step === 'pricing');
  assert.equal(line?.['span.id'], price.spanId);
  assert.equal(line?.['trace.id'], call.traceId);
  // Outside a call, a span with no parent starts a new trace.
  obs.tracer?.startSpan('background job').end();
  await obs.flush();
  const background = exporter.spans().find((s) => s.name === 'background job');
  assert.equal(background?.parentSpanId, undefined);
  assert.notEqual(background?.traceId, call.traceId);
});

test('a span follows the API: OK is final, UNSET never overrides, invalid attribute values are ignored, end counts once', () => {
  const { tracer, ended } = standalone();
  const span = tracer.startSpan('s', { kind: SpanKind.PRODUCER, attributes: { a: 1 } });
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'first' });
  span.setStatus({ code: SpanStatusCode.UNSET });
  span.setAttribute('list', ['x', 'y']);
  span.setAttribute('mixed', ['x', 1] as never);
  span.setAttribute('object', { no: 'objects' } as never);
  span.setAttribute('gone', undefined as never);
  span.setAttributes({ b: true, c: 2.5 });
  span.updateName('renamed');
  span.end();
  span.setAttribute('late', 1);
  span.end();
  assert.equal(ended.length, 1);
  const [s] = ended as [FinishedSpan];
  assert.equal(s.name, 'renamed');
  assert.equal(s.kind, SpanKind.PRODUCER);
  assert.equal(s.statusCode, SpanStatusCode.ERROR);
  assert.equal(s.statusMessage, 'first');
  assert.deepEqual(s.attributes, { a: 1, list: ['x', 'y'], b: true, c: 2.5 });
  assert.ok(s.endTimeMs >= s.startTimeMs);
  assert.equal(span.isRecording(), false);

  const ok = tracer.startSpan('ok');
  ok.setStatus({ code: SpanStatusCode.OK });
  ok.setStatus({ code: SpanStatusCode.ERROR, message: 'too late' });
  ok.end();
  assert.equal(ended[1]?.statusCode, SpanStatusCode.OK);
  assert.equal(ended[1]?.statusMessage, undefined);
});

test('limits: attributes, events and links past the bounds are dropped and counted', () => {
  const { tracer, ended } = standalone({ attributes: 2, events: 1, links: 1, attributesPerEvent: 1 });
  const link = { context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 } };
  const span = tracer.startSpan('bounded', { links: [link, link] });
  span.setAttributes({ a: 1, b: 2, c: 3 });
  span.setAttribute('a', 10); // replacing an attribute is not a new one
  span.addEvent('first', { x: 1, y: 2 });
  span.addEvent('second');
  span.end();
  const [s] = ended as [FinishedSpan];
  assert.deepEqual(s.attributes, { a: 10, b: 2 });
  assert.equal(s.droppedAttributesCount, 1);
  assert.equal(s.events.length, 1);
  assert.equal(s.events[0]?.droppedAttributesCount, 1);
  assert.equal(s.droppedEventsCount, 1);
  assert.equal(s.links.length, 1);
  assert.equal(s.links[0]?.traceId, 'a'.repeat(32));
  assert.equal(s.droppedLinksCount, 1);
});

test('attribute value length limit: strings, strings in arrays, event and link attributes are cut; the rest is kept', () => {
  const { tracer, ended } = standalone({ attributeValueLength: 4 });
  const link = {
    context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 },
    attributes: { l: 'linked' },
  };
  const span = tracer.startSpan('cut', { links: [link], attributes: { fromStart: 'abcdefgh' } });
  const mine = ['longer', 'ok', 'exactly'];
  span.setAttributes({ s: 'abcdefgh', short: 'abc', n: 123456789, b: true, list: mine, nums: [123456, 7] });
  span.addEvent('e', { text: 'eventful' });
  span.end();
  const [s] = ended as [FinishedSpan];
  assert.deepEqual(s.attributes, {
    fromStart: 'abcd',
    s: 'abcd',
    short: 'abc',
    n: 123456789,
    b: true,
    list: ['long', 'ok', 'exac'],
    nums: [123456, 7],
  });
  assert.deepEqual(mine, ['longer', 'ok', 'exactly'], "the caller's array is not changed");
  assert.deepEqual(s.events[0]?.attributes, { text: 'even' });
  assert.deepEqual(s.links[0]?.attributes, { l: 'link' });
});

test('recordException adds an exception event with type, message and stack; times accept Date, ms and HrTime', () => {
  const { tracer, ended } = standalone();
  const start = new Date('2026-01-02T03:04:05.006Z');
  const span = tracer.startSpan('failing', { startTime: start });
  span.recordException(new RangeError('out of range'), [start.getTime() / 1000 + 1, 500_000]);
  span.end(new Date(start.getTime() + 2000));
  const [s] = ended as [FinishedSpan];
  assert.equal(s.startTimeMs, start.getTime());
  assert.equal(s.endTimeMs, start.getTime() + 2000);
  const [event] = s.events;
  assert.equal(event?.name, 'exception');
  assert.equal(event?.attributes['exception.type'], 'RangeError');
  assert.equal(event?.attributes['exception.message'], 'out of range');
  assert.match(String(event?.attributes['exception.stacktrace']), /RangeError: out of range\n\s+at /);
  assert.ok(Math.abs((event?.timeMs ?? 0) - (start.getTime() + 1000.5)) < 0.01);
  // A number below the performance time origin is read as performance.now()-relative, as the SDK reads it.
  const relative = tracer.startSpan('relative', { startTime: performance.now() });
  relative.end();
  assert.ok(Math.abs((ended[1]?.startTimeMs ?? 0) - Date.now()) < 1000);
});

test('sampling: ratio 0 records nothing but still gives ids; a sampled parent is followed; the ratio is decided by the trace id', () => {
  const { tracer, ended } = standalone({}, 0);
  const unsampled = tracer.startSpan('dropped');
  assert.equal(unsampled.isRecording(), false);
  assert.match(unsampled.spanContext().traceId, /^[0-9a-f]{32}$/);
  assert.equal(unsampled.spanContext().traceFlags, TraceFlags.NONE);
  unsampled.end();
  const parent = {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: 1,
    isRemote: true,
  };
  const child = tracer.startCallSpan('child', SpanKind.SERVER, {}, trace.setSpanContext(ROOT_CONTEXT, parent));
  assert.equal(child.isRecording(), true);
  child.end();
  assert.equal(ended.length, 1);
  assert.equal(ended[0]?.parentIsRemote, true);
  assert.equal(ended[0]?.traceId, parent.traceId);

  const half = createSampler({ ratio: 0.5, parentBased: false });
  // The decision reads the trace id as the SDK does: its four 32-bit words XORed, against ratio × (2^32 − 1).
  assert.equal(half(undefined, `7ffffffe${'0'.repeat(24)}`), true);
  assert.equal(half(undefined, `80000000${'0'.repeat(24)}`), false);
  assert.equal(half(undefined, `${'f'.repeat(16)}${'0'.repeat(16)}`), true);
  const ids = new IdGenerator();
  let kept = 0;
  for (let i = 0; i < 4000; i++) if (half(undefined, ids.traceId())) kept++;
  assert.ok(kept > 1700 && kept < 2300, `kept ${kept} of 4000 at ratio 0.5`);
});

test('ids are lowercase hex of the right length and do not repeat', () => {
  const ids = new IdGenerator();
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const traceId = ids.traceId();
    const spanId = ids.spanId();
    assert.match(traceId, /^[0-9a-f]{32}$/);
    assert.match(spanId, /^[0-9a-f]{16}$/);
    seen.add(traceId);
  }
  assert.equal(seen.size, 5000);
});

test('the exporter receives the span object itself, not a copy made at end', () => {
  const { tracer, ended } = standalone();
  const span = tracer.startSpan('same');
  span.end();
  assert.ok(span instanceof RecordingSpan);
  assert.equal(ended[0], span);
});

test("changing a call span's shared attribute gives that span its own copy; the shared object and other spans keep theirs", () => {
  const { tracer, ended } = standalone();
  const shared = Object.freeze({ 'rpc.system.name': 'grpc', 'rpc.method': 'a.B/C' });
  const changed = tracer.startCallSpan('a.B/C', SpanKind.SERVER, shared, ROOT_CONTEXT);
  changed.setAttribute('rpc.method', 'renamed');
  changed.end();
  const untouched = tracer.startCallSpan('a.B/C', SpanKind.SERVER, shared, ROOT_CONTEXT);
  untouched.end();
  const [first, second] = ended as [FinishedSpan, FinishedSpan];
  assert.equal(first.sharedAttributes, undefined);
  assert.deepEqual(first.attributes, { 'rpc.system.name': 'grpc', 'rpc.method': 'renamed' });
  assert.equal(second.sharedAttributes, shared);
  assert.deepEqual(second.attributes, {});
  assert.equal(shared['rpc.method'], 'a.B/C');
});
