// The protobuf writer against byte sequences from the protobuf encoding spec, and the OTLP
// trace encoder against an independent decoder (protobufjs, via @grpc/proto-loader): every
// field of every span must come back as the OTLP data model says it should.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import type { FinishedSpan } from '../src/tracing/finished-span.js';
import { createTraceEncoder } from '../src/tracing/otlp/encode-traces.js';
import { ProtobufWriter } from '../src/tracing/otlp/protobuf-writer.js';
import { featureSpans, SHARED } from './helpers/finished-spans.js';
import { expectedSpan, fromProto, protoAttributes } from './helpers/otlp-canonical.js';
import { decodeRequest } from './helpers/otlp-proto.js';

function written(write: (w: ProtobufWriter) => void, initialSize = 4): string {
  const w = new ProtobufWriter(initialSize);
  write(w);
  return w.toBuffer().toString('hex');
}

describe('ProtobufWriter', () => {
  // [value, bytes in hex]; the spec's own examples are 150 → 96 01 and 300 → ac 02.
  const VARINTS: [number, string][] = [
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [150, '9601'],
    [300, 'ac02'],
    [2 ** 31, '8080808008'],
    [2 ** 32 - 1, 'ffffffff0f'],
    [2 ** 32, '8080808010'],
    [2 ** 35, '808080808001'],
    [Number.MAX_SAFE_INTEGER, 'ffffffffffffff0f'],
    // Negative int64: the ten-byte varint of the two's complement.
    [-1, 'ffffffffffffffffff01'],
    [-2, 'feffffffffffffffff01'],
    [-(2 ** 31), '80808080f8ffffffff01'],
    [-(2 ** 32), '80808080f0ffffffff01'],
    [-Number.MAX_SAFE_INTEGER, '81808080808080f0ff01'],
  ];

  test('varints: unsigned (above 2^31 and 2^32 too) and negative', () => {
    for (const [value, hex] of VARINTS) {
      assert.equal(
        written((w) => w.varint(value)),
        hex,
        String(value),
      );
    }
  });

  test('fixed32, fixed64 (little-endian) and doubles', () => {
    const cases: [string, (w: ProtobufWriter) => void, string][] = [
      ['fixed32 0x01020304', (w) => w.fixed32(0x01020304), '04030201'],
      ['fixed32 max', (w) => w.fixed32(0xffffffff), 'ffffffff'],
      ['fixed64 1', (w) => w.fixed64(1), '0100000000000000'],
      ['fixed64 2^32 + 1', (w) => w.fixed64(2 ** 32 + 1), '0100000001000000'],
      // 0x1849_3FBA_6C43_D500 ns: above 2^53, but a multiple of 256, so a double holds it exactly.
      ['fixed64 > 2^53', (w) => w.fixed64(Number(1_750_000_000_123_000_064n)), '00d5436cba3f4918'],
      ['double 1', (w) => w.double(1), '000000000000f03f'],
      ['double -2.5', (w) => w.double(-2.5), '00000000000004c0'],
      ['double NaN', (w) => w.double(Number.NaN), '000000000000f87f'],
    ];
    for (const [name, write, hex] of cases) assert.equal(written(write), hex, name);
  });

  test('strings are length-prefixed UTF-8', () => {
    // The spec's example: field 2 = "testing" is 12 07 74 65 73 74 69 6e 67.
    assert.equal(
      written((w) => {
        w.tag(2, 2);
        w.string('testing');
      }),
      '120774657374696e67',
    );
    assert.equal(
      written((w) => w.string('')),
      '00',
    );
    assert.equal(
      written((w) => w.string('é€😀')),
      '09c3a9e282acf09f9880',
    );
    // A lone surrogate becomes U+FFFD (ef bf bd), as Buffer and TextEncoder do.
    assert.equal(
      written((w) => w.string('a\ud800b')),
      '0561efbfbd62',
    );
    for (const text of [
      '€'.repeat(42),
      'x'.repeat(127),
      'x'.repeat(128),
      'ü'.repeat(42),
      'ü'.repeat(64),
      `${'€'.repeat(50)}😀`,
    ]) {
      const bytes = Buffer.from(text, 'utf8');
      const prefix = bytes.length < 128 ? [bytes.length] : [(bytes.length & 0x7f) | 0x80, bytes.length >> 7];
      assert.equal(
        written((w) => w.string(text)),
        Buffer.concat([Buffer.from(prefix), bytes]).toString('hex'),
        `${text.length} chars`,
      );
    }
  });

  test('hex ids become raw bytes', () => {
    assert.equal(
      written((w) => w.hex('0af7651916cd43dd')),
      '080af7651916cd43dd',
    );
    assert.equal(
      written((w) => w.hex('ABCDEF')),
      '03abcdef',
    );
  });

  test('nested lengths are minimal whatever the guess', () => {
    const nested = (guess: number, contentBytes: number) =>
      written((w) => {
        w.byte(0x0a);
        const start = w.begin(guess);
        for (let i = 0; i < contentBytes; i++) w.byte(0x55);
        w.end(start, guess);
        w.byte(0x10);
      });
    const expected = (prefix: string, contentBytes: number) => `0a${prefix}${'55'.repeat(contentBytes)}10`;
    assert.equal(nested(1, 0), expected('00', 0));
    assert.equal(nested(3, 1), expected('01', 1));
    assert.equal(nested(1, 127), expected('7f', 127));
    assert.equal(nested(1, 128), expected('8001', 128));
    assert.equal(nested(2, 300), expected('ac02', 300));
    assert.equal(nested(1, 16_384), expected('808001', 16_384));
    assert.equal(nested(5, 16_383), expected('ff7f', 16_383));
  });

  test('the buffer grows and reset reuses it', () => {
    const w = new ProtobufWriter(2);
    for (let i = 0; i < 10_000; i++) w.varint(i);
    const first = w.toBuffer();
    w.reset();
    w.byte(7);
    assert.deepEqual([...w.toBuffer()], [7]);
    assert.equal(first[0], 0);
    // 0..127 take one byte each, 128..9999 two; 9999 = 0x270f is 8f 4e.
    assert.equal(first.length, 128 + 2 * (10_000 - 128));
    assert.equal(first.subarray(-2).toString('hex'), '8f4e');
  });
});

const RESOURCE = { 'service.name': 'encoder-test', 'service.version': '1.2.3', 'k8s.pod.name': 'pod-ü' };
const SCOPE = { name: '@kansoku/instrumentation', version: '0.1.0' };

function decodeSpans(bytes: Buffer) {
  const request = decodeRequest(bytes);
  assert.equal(request.resource_spans.length, 1);
  const [resourceSpans] = request.resource_spans;
  assert.equal(resourceSpans?.scope_spans.length, 1);
  return { request, spans: resourceSpans?.scope_spans[0]?.spans ?? [] };
}

describe('createTraceEncoder', () => {
  test('one ResourceSpans with the resource, one ScopeSpans with the scope', () => {
    const { request, spans } = decodeSpans(createTraceEncoder(RESOURCE, SCOPE).encode(featureSpans(1, 2).spans));
    assert.deepEqual(protoAttributes(request.resource_spans[0]?.resource?.attributes ?? []), [
      ['service.name', { string: 'encoder-test' }],
      ['service.version', { string: '1.2.3' }],
      ['k8s.pod.name', { string: 'pod-ü' }],
    ]);
    const scope = request.resource_spans[0]?.scope_spans[0]?.scope;
    assert.deepEqual({ name: scope?.name, version: scope?.version }, SCOPE);
    assert.equal(spans.length, 2);
  });

  test('every field of every span decodes to what OTLP says it must be', () => {
    const { spans } = featureSpans(2, 300);
    const decoded = decodeSpans(createTraceEncoder(RESOURCE, SCOPE).encode(spans)).spans;
    assert.equal(decoded.length, spans.length);
    decoded.forEach((span, i) => {
      assert.deepEqual(fromProto(span), expectedSpan(spans[i] as FinishedSpan), `span ${i}`);
    });
    // Spot checks of what expectedSpan encodes, so that a mistake there cannot hide one here.
    const root = fromProto(decoded[0] as (typeof decoded)[0]);
    assert.equal(root.flags, 0x301);
    assert.equal(root.kind, 2);
    assert.deepEqual(root.status, { code: 2, message: 'deadline: ünreachable' });
    assert.deepEqual(root.attributes.slice(0, 4), [
      ['rpc.system', { string: 'grpc' }],
      ['rpc.service', { string: 'kansoku.test.Echo' }],
      ['rpc.method', { string: 'Unary' }],
      ['rpc.grpc.status_code', { int: '2' }],
    ]);
    assert.deepEqual(Object.fromEntries(root.attributes).holes, {
      array: [{ string: 'x' }, {}, {}, { string: 'y' }],
    });
    assert.equal(
      root.attributes.some(([key]) => key === 'is.undefined'),
      false,
    );
    assert.equal(root.start, '1750000000123000000');
    const child = fromProto(decoded[3] as (typeof decoded)[0]);
    assert.deepEqual(child.status, { code: 1, message: '' }, 'OK carries no message');
    assert.equal(child.flags, 0x101);
    assert.equal(decoded[1]?.status, null, 'UNSET is sent as no status at all');
  });

  test('every kind maps to the OTLP enum (API kind + 1)', () => {
    const base = featureSpans(3, 1).spans[0] as FinishedSpan;
    const kinds = [SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER];
    const decoded = decodeSpans(createTraceEncoder(RESOURCE, SCOPE).encode(kinds.map((kind) => ({ ...base, kind }))));
    assert.deepEqual(
      decoded.spans.map((s) => s.kind),
      [1, 2, 3, 4, 5],
    );
  });

  test('a batch over 2 MiB (a 4-byte length) and spans over 16 KiB decode intact', () => {
    const base = featureSpans(4, 2).spans[1] as FinishedSpan;
    const spans = Array.from({ length: 140 }, (_, i) => ({ ...base, name: `${i}:${'w'.repeat(16_000)}` }));
    const bytes = createTraceEncoder(RESOURCE, SCOPE).encode(spans);
    assert.ok(bytes.length > 2 ** 21);
    const decoded = decodeSpans(bytes).spans;
    assert.deepEqual(
      decoded.map((s) => s.name),
      spans.map((s) => s.name),
    );
  });

  test('the encoder can be reused and its results are independent buffers', () => {
    const encoder = createTraceEncoder(RESOURCE, SCOPE);
    const a = featureSpans(5, 3).spans;
    const b = featureSpans(6, 1).spans;
    const first = encoder.encode(a);
    const copy = Buffer.from(first);
    encoder.encode(b);
    assert.deepEqual(first, copy);
    assert.deepEqual(encoder.encode(a), first);
    assert.equal(decodeSpans(encoder.encode([])).spans.length, 0);
  });

  test('shared attributes are encoded per object: another object with other values gives other bytes', () => {
    const encoder = createTraceEncoder(RESOURCE, SCOPE);
    const base = featureSpans(7, 1).spans[0] as FinishedSpan;
    const other = { ...SHARED, 'rpc.method': 'Other' };
    const decoded = decodeSpans(
      encoder.encode([base, { ...base, sharedAttributes: other }, { ...base, sharedAttributes: undefined }]),
    ).spans;
    const method = (i: number) =>
      protoAttributes(decoded[i]?.attributes ?? []).find(([key]) => key === 'rpc.method')?.[1];
    assert.deepEqual(method(0), { string: 'Unary' });
    assert.deepEqual(method(1), { string: 'Other' });
    assert.equal(method(2), undefined);
  });
});
