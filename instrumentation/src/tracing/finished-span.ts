// What a span is once it has ended: plain data, which the batch processor encodes to OTLP
// protobuf at once, and what an exporter is then handed: encoded batches. Times are epoch
// milliseconds with a fractional part (sub-microsecond precision at today's epoch), so a
// span costs no HrTime arrays or bigints to record.
import type { Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';

export interface FinishedEvent {
  readonly name: string;
  readonly timeMs: number;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export interface FinishedLink {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  /** The W3C tracestate header value, or undefined when there is none. */
  readonly traceState: string | undefined;
  readonly traceFlags: number;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export interface FinishedSpan {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  /** 16 lowercase hex digits, or undefined for a root span. */
  readonly parentSpanId: string | undefined;
  /** True when the parent came from another process (a traceparent header). */
  readonly parentIsRemote: boolean;
  /** The W3C tracestate header value, or undefined when there is none. */
  readonly traceState: string | undefined;
  /** W3C trace flags (bit 0: sampled). */
  readonly traceFlags: number;
  readonly name: string;
  readonly kind: SpanKind;
  readonly startTimeMs: number;
  readonly endTimeMs: number;
  /**
   * Attributes many spans share by identity (a method's rpc.* attributes): the same object
   * for every call of that method, so an exporter may encode it once and reuse the bytes.
   * Keys here are never repeated in `attributes`.
   */
  readonly sharedAttributes: Readonly<Attributes> | undefined;
  /** This span's own attributes. */
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly events: readonly FinishedEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly FinishedLink[];
  readonly droppedLinksCount: number;
  readonly statusCode: SpanStatusCode;
  /** Only meaningful with SpanStatusCode.ERROR. */
  readonly statusMessage: string | undefined;
}

/** A batch of spans ready to send. */
export interface EncodedSpans {
  /**
   * An OTLP `ExportTraceServiceRequest` (opentelemetry.proto.collector.trace.v1) in protobuf:
   * the body of an OTLP/gRPC Export call, or of an OTLP/HTTP POST to /v1/traces.
   */
  readonly request: Buffer;
  readonly spanCount: number;
}

/** Where encoded batches go: the OTLP/gRPC exporter, or a test's memory. */
export interface SpanExporter {
  /**
   * Sends one batch. Resolves with how many spans the receiver rejected (an OTLP partial
   * success; 0 when all were accepted) and its message; rejects when the batch was not delivered.
   * When `signal` fires (the batch processor's export timeout passed), the export is abandoned:
   * the request in flight is cancelled and no retry is started.
   */
  export(batch: EncodedSpans, signal?: AbortSignal): Promise<ExportOutcome>;
  /** Releases the connection; export is not called after this. */
  shutdown(): Promise<void>;
}

export interface ExportOutcome {
  readonly rejectedSpans: number;
  readonly message: string | undefined;
}
