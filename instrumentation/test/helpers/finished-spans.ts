// FinishedSpans that between them use every feature the OTLP encoder handles: every kind,
// root and child spans, a remote parent, trace state, every attribute value type (negative
// and large integers, doubles, NaN, arrays with holes), shared and own attributes, events,
// links, dropped counts, ERROR status with a message, non-ASCII and long strings, and enough
// spans that the batch's varint lengths cross the 1-, 2- and 3-byte boundaries.
import { createHash } from 'node:crypto';
import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { FinishedSpan } from '../../src/tracing/finished-span.js';

/** Over 127 UTF-8 bytes, with 2-, 3- and 4-byte characters. */
export const LONG_TEXT = `観測 — ${'é'.repeat(40)} ${'x'.repeat(100)} 🚀 end`;

export const SHARED: Readonly<Attributes> = {
  'rpc.system': 'grpc',
  'rpc.service': 'kansoku.test.Echo',
  'rpc.method': 'Unary',
};

/** Deterministic, well-spread hex of `digits` length (at most 64) from a seed. */
export function hexId(seed: number, digits: number): string {
  return createHash('sha256').update(`kansoku-${seed}`).digest('hex').slice(0, digits);
}

/** Epoch ms with a fraction that is a whole number of nanoseconds and exact in a double (k/64 ms). */
export function exactMs(base: number, i: number): number {
  return base + i * 3 + (i % 64) / 64;
}

export interface FeatureSet {
  traceId: string;
  spans: FinishedSpan[];
}

export function featureSpans(traceSeed: number, count = 300): FeatureSet {
  const traceId = hexId(traceSeed, 32);
  const rootId = hexId(traceSeed + 1, 16);
  const remoteParent = hexId(traceSeed + 2, 16);
  const base = 1_750_000_000_123;
  const spans: FinishedSpan[] = [];
  const kinds = [SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER];
  // The server span continues a remote caller; the rest are its local children or its root sibling.
  spans.push({
    traceId,
    spanId: rootId,
    parentSpanId: remoteParent,
    parentIsRemote: true,
    traceState: 'vendor=abc,other=x-1',
    traceFlags: 1,
    name: 'kansoku.test.Echo/Unary',
    kind: SpanKind.SERVER,
    startTimeMs: exactMs(base, 0),
    endTimeMs: exactMs(base, 0) + 12.5,
    sharedAttributes: SHARED,
    attributes: {
      'rpc.grpc.status_code': 2,
      'server.port': 50051,
      'net.negative': -42,
      'big.negative': -9_007_199_254_740_991,
      'big.positive': 9_007_199_254_740_991,
      'beyond.safe': 2 ** 60,
      ratio: 0.25,
      'not.a.number': Number.NaN,
      infinite: Number.NEGATIVE_INFINITY,
      ok: false,
      yes: true,
      'utf8.text': 'grüße, 世界 🌍',
      'long.text': LONG_TEXT,
      'empty.text': '',
      strings: ['a', 'ü', LONG_TEXT],
      numbers: [1, -1, 2.5],
      bools: [true, false],
      holes: ['x', null, undefined, 'y'],
      'empty.array': [],
      'is.undefined': undefined,
    },
    droppedAttributesCount: 3,
    events: [
      {
        name: 'message received',
        timeMs: exactMs(base, 0) + 1.5,
        attributes: { 'message.id': 1, 'message.type': 'RECEIVED', 'message.text': 'héllo' },
        droppedAttributesCount: 0,
      },
      { name: 'exception', timeMs: exactMs(base, 0) + 2.75, attributes: {}, droppedAttributesCount: 5 },
    ],
    droppedEventsCount: 7,
    links: [
      {
        traceId: hexId(traceSeed + 3, 32),
        spanId: hexId(traceSeed + 4, 16),
        traceState: 'linked=1',
        traceFlags: 1,
        attributes: { 'link.reason': 'batch', 'link.index': 3 },
        droppedAttributesCount: 2,
      },
      {
        traceId: hexId(traceSeed + 5, 32),
        spanId: hexId(traceSeed + 6, 16),
        traceState: undefined,
        traceFlags: 0,
        attributes: {},
        droppedAttributesCount: 0,
      },
    ],
    droppedLinksCount: 4,
    statusCode: SpanStatusCode.ERROR,
    statusMessage: 'deadline: ünreachable',
  });
  for (let i = 1; i < count; i++) {
    const kind = kinds[i % kinds.length] as SpanKind;
    // Names of growing length, so span messages cross the 127- and 16383-byte length boundaries.
    const long = i % 97 === 0 ? 'z'.repeat(16_500) : 'n'.repeat(i % 150);
    spans.push({
      traceId,
      spanId: hexId(traceSeed * 1000 + i + 10, 16),
      parentSpanId: i % 50 === 0 ? undefined : rootId,
      parentIsRemote: false,
      traceState: undefined,
      traceFlags: 1,
      name: `child ${i} ${long}`,
      kind,
      startTimeMs: exactMs(base, i),
      endTimeMs: exactMs(base, i) + 0.5 + (i % 7) / 64,
      sharedAttributes: i % 2 === 0 ? SHARED : undefined,
      attributes: { index: i, 'index.negative': -i, label: `span-${i}-ß` },
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      statusCode: i % 3 === 0 ? SpanStatusCode.OK : SpanStatusCode.UNSET,
      // Only meaningful with ERROR: the encoder must not send it for OK.
      statusMessage: i % 3 === 0 ? 'ignored for OK' : undefined,
    });
  }
  return { traceId, spans };
}

/** Nanoseconds since the epoch, exactly, as a decimal string (what OTLP decoders give). */
export function nanos(ms: number): string {
  const whole = Math.floor(ms);
  const fraction = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * 1_000_000n + BigInt(fraction)).toString();
}
