// An exporter of encoded batches (tracing.encodedExporter) that keeps what it is sent, for tests that read spans back. It is handed
// OTLP protobuf, as a collector is, and decodes it with protobufjs (not our code), so every
// test that reads spans through it also checks the encoding.
import type { Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { EncodedSpansExporter } from '../../src/index.js';
import { decodeRequest, type PbAnyValue, type PbKeyValue } from './otlp-proto.js';

/** A span as a collector received it, in the API's terms (kind and status numbering, hex ids). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  parentIsRemote: boolean;
  traceFlags: number;
  name: string;
  kind: SpanKind;
  statusCode: SpanStatusCode;
  statusMessage: string;
  /** Epoch milliseconds, to the microsecond. */
  endTimeMs: number;
  attributes: Attributes;
  events: { name: string; attributes: Attributes }[];
  resource: Attributes;
  scope: { name: string; version: string };
}

export interface MemoryExporter extends EncodedSpansExporter {
  spans(): ReceivedSpan[];
  /** How many export calls were made. */
  readonly exports: number;
}

export function memoryExporter(): MemoryExporter {
  const received: ReceivedSpan[] = [];
  let exports = 0;
  return {
    async export(batch) {
      exports++;
      const spans = decode(batch.request);
      if (spans.length !== batch.spanCount)
        throw new Error(`batch says ${batch.spanCount} spans, holds ${spans.length}`);
      received.push(...spans);
      return { rejectedSpans: 0, message: undefined };
    },
    async shutdown() {},
    spans: () => received.slice(),
    get exports() {
      return exports;
    },
  };
}

function decode(request: Buffer): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of decodeRequest(request).resource_spans) {
    const resource = attributes(rs.resource?.attributes ?? []);
    for (const ss of rs.scope_spans) {
      for (const s of ss.spans) {
        out.push({
          traceId: s.trace_id.toString('hex'),
          spanId: s.span_id.toString('hex'),
          parentSpanId: s.parent_span_id.length > 0 ? s.parent_span_id.toString('hex') : undefined,
          parentIsRemote: (s.flags & 0x200) !== 0,
          traceFlags: s.flags & 0xff,
          name: s.name,
          kind: (s.kind - 1) as SpanKind,
          statusCode: (s.status?.code ?? 0) as SpanStatusCode,
          statusMessage: s.status?.message ?? '',
          endTimeMs: Number(BigInt(s.end_time_unix_nano) / 1000n) / 1000,
          attributes: attributes(s.attributes),
          events: s.events.map((e) => ({ name: e.name, attributes: attributes(e.attributes) })),
          resource,
          scope: { name: ss.scope?.name ?? '', version: ss.scope?.version ?? '' },
        });
      }
    }
  }
  return out;
}

function attributes(kvs: PbKeyValue[]): Attributes {
  const out: Attributes = {};
  for (const kv of kvs) out[kv.key] = value(kv.value) as Attributes[string];
  return out;
}

function value(v: PbAnyValue | null): unknown {
  switch (v?.value) {
    case 'string_value':
      return v.string_value;
    case 'bool_value':
      return v.bool_value;
    case 'int_value':
      return Number(v.int_value);
    case 'double_value':
      return v.double_value;
    case 'array_value':
      return (v.array_value?.values ?? []).map(value);
    default:
      return undefined;
  }
}
