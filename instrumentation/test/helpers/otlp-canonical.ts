// One comparable shape for a span, built three independent ways: from the FinishedSpan we
// sent (what OTLP says it must become), from protobufjs's decoding of our bytes, and from
// Jaeger's OTLP JSON (api/v3). Tests deepEqual them field by field.
import { SpanStatusCode } from '@opentelemetry/api';
import type { OtlpJsonKeyValue, OtlpJsonSpan } from '../../../test/services/jaeger.js';
import type { FinishedSpan } from '../../src/tracing/finished-span.js';
import { nanos } from './finished-spans.js';
import type { PbAnyValue, PbKeyValue, PbSpan } from './otlp-proto.js';

/** string | bool | int (decimal string) | double (String(number): "NaN", "-Infinity"…) | array | empty. */
export type Value =
  | { string: string }
  | { bool: boolean }
  | { int: string }
  | { double: string }
  | { array: Value[] }
  | Record<string, never>;
export type Attr = [key: string, value: Value];

export interface CanonicalSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: number;
  start: string;
  end: string;
  attributes: Attr[];
  droppedAttributesCount: number;
  events: { time: string; name: string; attributes: Attr[]; droppedAttributesCount: number }[];
  droppedEventsCount: number;
  links: {
    traceId: string;
    spanId: string;
    traceState: string;
    attributes: Attr[];
    droppedAttributesCount: number;
    flags: number;
  }[];
  droppedLinksCount: number;
  status: { code: number; message: string };
}

// --- what the OTLP data model says a FinishedSpan becomes ---------------------------------

function expectedValue(value: unknown): Value {
  if (typeof value === 'string') return { string: value };
  if (typeof value === 'boolean') return { bool: value };
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? { int: String(value) } : { double: String(value) };
  if (Array.isArray(value)) return { array: value.map(expectedValue) };
  return {};
}

function expectedAttributes(...sets: (Readonly<Record<string, unknown>> | undefined)[]): Attr[] {
  return sets.flatMap((set) =>
    Object.entries(set ?? {})
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]): Attr => [k, expectedValue(v)]),
  );
}

export function expectedSpan(span: FinishedSpan): CanonicalSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? '',
    traceState: span.traceState ?? '',
    flags: span.traceFlags | 0x100 | (span.parentIsRemote ? 0x200 : 0),
    name: span.name,
    kind: span.kind + 1,
    start: nanos(span.startTimeMs),
    end: nanos(span.endTimeMs),
    attributes: expectedAttributes(span.sharedAttributes, span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((e) => ({
      time: nanos(e.timeMs),
      name: e.name,
      attributes: expectedAttributes(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState ?? '',
      attributes: expectedAttributes(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
      flags: l.traceFlags,
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: {
      code: span.statusCode,
      message: span.statusCode === SpanStatusCode.ERROR ? (span.statusMessage ?? '') : '',
    },
  };
}

// --- protobufjs's decoding of our bytes ------------------------------------------------------

function protoValue(value: PbAnyValue | null): Value {
  switch (value?.value) {
    case 'string_value':
      return { string: value.string_value ?? '' };
    case 'bool_value':
      return { bool: value.bool_value ?? false };
    case 'int_value':
      return { int: value.int_value ?? '' };
    case 'double_value':
      return { double: String(value.double_value) };
    case 'array_value':
      return { array: (value.array_value?.values ?? []).map(protoValue) };
    default:
      return {};
  }
}

export const protoAttributes = (kvs: PbKeyValue[]): Attr[] => kvs.map((kv): Attr => [kv.key, protoValue(kv.value)]);
const hex = (bytes: Buffer) => bytes.toString('hex');

export function fromProto(span: PbSpan): CanonicalSpan {
  return {
    traceId: hex(span.trace_id),
    spanId: hex(span.span_id),
    parentSpanId: hex(span.parent_span_id),
    traceState: span.trace_state,
    flags: span.flags,
    name: span.name,
    kind: span.kind,
    start: span.start_time_unix_nano,
    end: span.end_time_unix_nano,
    attributes: protoAttributes(span.attributes),
    droppedAttributesCount: span.dropped_attributes_count,
    events: span.events.map((e) => ({
      time: e.time_unix_nano,
      name: e.name,
      attributes: protoAttributes(e.attributes),
      droppedAttributesCount: e.dropped_attributes_count,
    })),
    droppedEventsCount: span.dropped_events_count,
    links: span.links.map((l) => ({
      traceId: hex(l.trace_id),
      spanId: hex(l.span_id),
      traceState: l.trace_state,
      attributes: protoAttributes(l.attributes),
      droppedAttributesCount: l.dropped_attributes_count,
      flags: l.flags,
    })),
    droppedLinksCount: span.dropped_links_count,
    status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
  };
}

// --- Jaeger's OTLP JSON (zero values omitted, 64-bit integers as strings) --------------------

function jsonValue(value: Record<string, unknown> | undefined): Value {
  if (!value) return {};
  if ('stringValue' in value) return { string: String(value.stringValue) };
  if ('boolValue' in value) return { bool: value.boolValue === true };
  if ('intValue' in value) return { int: String(value.intValue) };
  if ('doubleValue' in value) return { double: String(Number(value.doubleValue)) };
  if ('arrayValue' in value) {
    const values = (value.arrayValue as { values?: Record<string, unknown>[] }).values ?? [];
    return { array: values.map(jsonValue) };
  }
  return {};
}

/** Jaeger adds its own `@jaeger@…` attributes (e.g. warnings about a parent outside the trace). */
export const jsonAttributes = (kvs: OtlpJsonKeyValue[] | undefined): Attr[] =>
  (kvs ?? []).filter((kv) => !kv.key.startsWith('@jaeger@')).map((kv): Attr => [kv.key, jsonValue(kv.value)]);

export function fromOtlpJson(span: OtlpJsonSpan): CanonicalSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? '',
    traceState: span.traceState ?? '',
    flags: span.flags ?? 0,
    name: span.name,
    kind: span.kind ?? 0,
    start: span.startTimeUnixNano,
    end: span.endTimeUnixNano,
    attributes: jsonAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount ?? 0,
    events: (span.events ?? []).map((e) => ({
      time: e.timeUnixNano,
      name: e.name,
      attributes: jsonAttributes(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: span.droppedEventsCount ?? 0,
    links: (span.links ?? []).map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState ?? '',
      attributes: jsonAttributes(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount ?? 0,
      flags: l.flags ?? 0,
    })),
    droppedLinksCount: span.droppedLinksCount ?? 0,
    status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
  };
}

/** Jaeger stores attributes and events in its own order: compare them sorted. */
export function orderFree(span: CanonicalSpan): CanonicalSpan {
  const byKey = (attrs: Attr[]) => [...attrs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    ...span,
    attributes: byKey(span.attributes),
    events: [...span.events]
      .sort((a, b) => (a.time === b.time ? a.name.localeCompare(b.name) : a.time < b.time ? -1 : 1))
      .map((e) => ({ ...e, attributes: byKey(e.attributes) })),
    links: span.links.map((l) => ({ ...l, attributes: byKey(l.attributes) })),
  };
}
