// FinishedSpans → the protobuf bytes of one OTLP ExportTraceServiceRequest, without the
// OpenTelemetry SDK's ReadableSpan/HrTime shapes or its otlp-transformer. The request has one
// ResourceSpans (our resource) holding one ScopeSpans (our instrumentation scope) with every
// span. Field numbers are those of opentelemetry-proto (collector/trace/v1/trace_service.proto,
// trace/v1/trace.proto, common/v1/common.proto, resource/v1/resource.proto).
//
// What makes it cheap: spans are encoded one by one as they end, into one reused writer, so
// a batch waiting for export is bytes, not objects the garbage collector must copy and
// promote; the resource and scope are encoded once, here; a span's sharedAttributes (the
// same object for every call of a method) are encoded once per object and copied in
// (WeakMap by identity: the contract says that object is never mutated).
//
// Attribute values: string, boolean, number (a safe integer is int_value, anything else
// double_value: fractions, NaN, ±Infinity, integers beyond 2^53), and arrays of those.
// An attribute whose value is null, undefined or of another type is left out. A null or
// undefined array element is kept as an empty AnyValue, as OpenTelemetry JS does, so that
// positions in the array survive.
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import type { FinishedEvent, FinishedLink, FinishedSpan } from '../finished-span.js';
import { ProtobufWriter, varintSize } from './protobuf-writer.js';

export interface TraceEncoder {
  /**
   * Appends one span to the batch being built. The span's bytes are all that is kept, so a
   * span object dies young instead of living in a queue until its batch is exported. When
   * encoding throws, nothing of that span stays in the batch.
   */
  add(span: FinishedSpan): void;
  /** Spans added since the last seal. */
  readonly spanCount: number;
  /** The ExportTraceServiceRequest of the spans added since the last seal, in a Buffer of its own; starts a new batch. */
  seal(): Buffer;
  /** add() every span, then seal(): for a batch at hand. */
  encode(spans: readonly FinishedSpan[]): Buffer;
}

export interface InstrumentationScope {
  name: string;
  version: string;
}

// Tags (field << 3 | wire type; wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
const LEN = 2;
const tag = (field: number, wireType: number) => field * 8 + wireType;

/** Span.flags bit: whether the parent's remoteness is known (the OTLP SpanFlags enum). */
const FLAG_HAS_IS_REMOTE = 0x100;
/** Span.flags bit: the parent is remote. */
const FLAG_IS_REMOTE = 0x200;

const TWO_32 = 4294967296;

export function createTraceEncoder(resource: Record<string, string>, scope: InstrumentationScope): TraceEncoder {
  // The ScopeSpans.spans fields of the batch being built; the envelope is added at seal().
  const body = new ProtobufWriter();
  let count = 0;
  const shared = new WeakMap<object, Buffer>();
  const { resourceField, scopeField } = encodeConstantFields(resource, scope);

  function sharedBytes(attributes: Readonly<Attributes>): Buffer {
    let bytes = shared.get(attributes);
    if (bytes === undefined) {
      const w = new ProtobufWriter(256);
      writeAttributes(w, tag(9, LEN), attributes);
      bytes = w.toBuffer();
      shared.set(attributes, bytes);
    }
    return bytes;
  }

  const encoder: TraceEncoder = {
    add(span) {
      const mark = body.pos;
      try {
        body.byte(tag(2, LEN)); // ScopeSpans.spans
        const start = body.begin(2);
        writeSpan(body, span, span.sharedAttributes === undefined ? undefined : sharedBytes(span.sharedAttributes));
        body.end(start, 2);
        count++;
      } catch (err) {
        body.pos = mark;
        throw err;
      }
    },
    get spanCount() {
      return count;
    },
    seal() {
      // ExportTraceServiceRequest { resource_spans(1): ResourceSpans { resource(1),
      // scope_spans(2): ScopeSpans { scope(1), spans(2)... } } }; lengths known only now.
      const scopeSpansLength = scopeField.length + body.pos;
      const resourceSpansLength = resourceField.length + 1 + varintSize(scopeSpansLength) + scopeSpansLength;
      const out = new ProtobufWriter(1 + varintSize(resourceSpansLength) + resourceSpansLength);
      out.byte(tag(1, LEN));
      out.varint(resourceSpansLength);
      out.raw(resourceField);
      out.byte(tag(2, LEN));
      out.varint(scopeSpansLength);
      out.raw(scopeField);
      out.raw(body.buf.subarray(0, body.pos));
      body.reset();
      count = 0;
      return out.buf.subarray(0, out.pos);
    },
    encode(spans) {
      for (const span of spans) encoder.add(span);
      return encoder.seal();
    },
  };
  return encoder;
}

/** ResourceSpans.resource and ScopeSpans.scope (both field 1), tag and length included. */
function encodeConstantFields(
  resource: Record<string, string>,
  scope: InstrumentationScope,
): { resourceField: Buffer; scopeField: Buffer } {
  const w = new ProtobufWriter(1024);
  w.byte(tag(1, LEN)); // ResourceSpans.resource
  const start = w.begin(2);
  writeAttributes(w, tag(1, LEN), resource); // Resource.attributes
  w.end(start, 2);
  const resourceField = w.toBuffer();
  w.reset();
  w.byte(tag(1, LEN)); // ScopeSpans.scope
  const scopeStart = w.begin(1);
  w.byte(tag(1, LEN)); // InstrumentationScope.name
  w.string(scope.name);
  if (scope.version) {
    w.byte(tag(2, LEN)); // InstrumentationScope.version
    w.string(scope.version);
  }
  w.end(scopeStart, 1);
  return { resourceField, scopeField: w.toBuffer() };
}

/** trace_id (1), span_id (2) and trace_state (3): the same fields in a Span and in a Span.Link. */
function writeIdentity(w: ProtobufWriter, traceId: string, spanId: string, traceState: string | undefined): void {
  w.byte(tag(1, LEN));
  w.hex(traceId);
  w.byte(tag(2, LEN));
  w.hex(spanId);
  if (traceState) {
    w.byte(tag(3, LEN));
    w.string(traceState);
  }
}

function writeSpan(w: ProtobufWriter, span: FinishedSpan, sharedBytes: Buffer | undefined): void {
  writeIdentity(w, span.traceId, span.spanId, span.traceState);
  if (span.parentSpanId) {
    w.byte(tag(4, LEN)); // parent_span_id
    w.hex(span.parentSpanId);
  }
  w.byte(tag(5, LEN)); // name
  w.string(span.name);
  w.byte(tag(6, 0)); // kind: the API's SpanKind (INTERNAL = 0) + 1
  w.varint(span.kind + 1);
  w.byte(tag(7, 1)); // start_time_unix_nano
  writeTimeMs(w, span.startTimeMs);
  w.byte(tag(8, 1)); // end_time_unix_nano
  writeTimeMs(w, span.endTimeMs);
  if (sharedBytes !== undefined) w.raw(sharedBytes); // attributes (field 9), encoded once per object
  writeAttributes(w, tag(9, LEN), span.attributes);
  if (span.droppedAttributesCount > 0) {
    w.byte(tag(10, 0));
    w.varint(span.droppedAttributesCount);
  }
  for (const event of span.events) writeEvent(w, event);
  if (span.droppedEventsCount > 0) {
    w.byte(tag(12, 0));
    w.varint(span.droppedEventsCount);
  }
  for (const link of span.links) writeLink(w, link);
  if (span.droppedLinksCount > 0) {
    w.byte(tag(14, 0));
    w.varint(span.droppedLinksCount);
  }
  if (span.statusCode !== SpanStatusCode.UNSET) {
    w.byte(tag(15, LEN)); // status; absent means UNSET
    const start = w.begin(1);
    if (span.statusCode === SpanStatusCode.ERROR && span.statusMessage) {
      w.byte(tag(2, LEN)); // Status.message
      w.string(span.statusMessage);
    }
    w.byte(tag(3, 0)); // Status.code: OK 1, ERROR 2, as in the API
    w.varint(span.statusCode);
    w.end(start, 1);
  }
  // flags (field 16, fixed32; its tag is two bytes): W3C trace flags, and whether the parent is remote.
  w.tag(16, 5);
  w.fixed32((span.traceFlags & 0xff) | FLAG_HAS_IS_REMOTE | (span.parentIsRemote ? FLAG_IS_REMOTE : 0));
}

function writeEvent(w: ProtobufWriter, event: FinishedEvent): void {
  w.byte(tag(11, LEN)); // Span.events
  const start = w.begin(1);
  w.byte(tag(1, 1)); // time_unix_nano
  writeTimeMs(w, event.timeMs);
  w.byte(tag(2, LEN)); // name
  w.string(event.name);
  writeAttributes(w, tag(3, LEN), event.attributes);
  if (event.droppedAttributesCount > 0) {
    w.byte(tag(4, 0));
    w.varint(event.droppedAttributesCount);
  }
  w.end(start, 1);
}

function writeLink(w: ProtobufWriter, link: FinishedLink): void {
  w.byte(tag(13, LEN)); // Span.links
  const start = w.begin(1);
  writeIdentity(w, link.traceId, link.spanId, link.traceState);
  writeAttributes(w, tag(4, LEN), link.attributes);
  if (link.droppedAttributesCount > 0) {
    w.byte(tag(5, 0));
    w.varint(link.droppedAttributesCount);
  }
  // flags: the trace flags only. A FinishedLink does not say whether the linked context was
  // remote, so the has-is-remote bit stays clear ("unknown") rather than claiming "local".
  w.byte(tag(6, 5));
  w.fixed32(link.traceFlags & 0xff);
  w.end(start, 1);
}

/** repeated KeyValue under `fieldTag`, skipping values that are null, undefined or not an attribute value. */
function writeAttributes(w: ProtobufWriter, fieldTag: number, attributes: Readonly<Attributes>): void {
  for (const key in attributes) {
    const value = attributes[key];
    const t = typeof value;
    if (t !== 'string' && t !== 'number' && t !== 'boolean' && !Array.isArray(value)) continue;
    w.byte(fieldTag);
    const kv = w.begin(1);
    w.byte(tag(1, LEN)); // KeyValue.key
    w.string(key);
    w.byte(tag(2, LEN)); // KeyValue.value
    const any = w.begin(1);
    writeAnyValue(w, value);
    w.end(any, 1);
    w.end(kv, 1);
  }
}

/** The fields of an AnyValue (without its own tag and length); nothing for null/undefined/unknown. */
function writeAnyValue(w: ProtobufWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.byte(tag(1, LEN)); // string_value
      w.string(value);
      return;
    case 'boolean':
      w.byte(tag(2, 0)); // bool_value
      w.byte(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isSafeInteger(value)) {
        w.byte(tag(3, 0)); // int_value (int64 varint: negatives take 10 bytes)
        w.varint(value);
      } else {
        w.byte(tag(4, 1)); // double_value
        w.double(value);
      }
      return;
    default:
      if (Array.isArray(value)) writeArray(w, value);
  }
}

/** AnyValue.array_value: ArrayValue { repeated AnyValue values = 1 }. */
function writeArray(w: ProtobufWriter, value: readonly unknown[]): void {
  w.byte(tag(5, LEN));
  const array = w.begin(1);
  for (const element of value) {
    w.byte(tag(1, LEN));
    const item = w.begin(1);
    writeAnyValue(w, element);
    w.end(item, 1);
  }
  w.end(array, 1);
}

/**
 * Epoch milliseconds (with a fraction) → fixed64 nanoseconds, exact to the nanosecond for
 * the double it is given: ms * 1e6 would exceed 2^53 and round to 256 ns. The whole
 * milliseconds are split so that every product stays below 2^53.
 */
function writeTimeMs(w: ProtobufWriter, ms: number): void {
  const whole = Math.floor(ms);
  const fraction = Math.round((ms - whole) * 1e6); // ns, 0..1e6
  const wholeHigh = Math.floor(whole / 65536);
  const wholeLow = whole - wholeHigh * 65536;
  // whole * 1e6 = wholeHigh * 1e6 * 2^16 + wholeLow * 1e6 = q * 2^32 + r * 2^16 + wholeLow * 1e6
  const highNs = wholeHigh * 1e6;
  const q = Math.floor(highNs / 65536);
  const r = highNs - q * 65536;
  let lo = r * 65536 + wholeLow * 1e6 + fraction;
  const carry = Math.floor(lo / TWO_32);
  lo -= carry * TWO_32;
  w.fixed64Parts(lo, q + carry);
}
