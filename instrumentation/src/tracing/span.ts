// A span being recorded, which is also the finished span the batch processor queues once it
// ends: one object per call, no copy at the end. It implements the OpenTelemetry API's Span,
// so users' code and propagation treat it like any SDK span; after end() it ignores changes.
import {
  type Attributes,
  type AttributeValue,
  type Exception,
  type Link,
  type Span,
  type SpanAttributes,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  SpanStatusCode,
  type TimeInput,
} from '@opentelemetry/api';
import type { FinishedEvent, FinishedLink, FinishedSpan } from './finished-span.js';
import { nowMs, timeInputMs } from './time.js';

/** Bounds on what one span may hold; past them, additions are counted as dropped. */
export interface SpanLimits {
  /** Longest string attribute value (each string of an array, too); longer ones are cut. */
  attributeValueLength: number;
  attributes: number;
  events: number;
  links: number;
  attributesPerEvent: number;
  attributesPerLink: number;
}

export const DEFAULT_SPAN_LIMITS: SpanLimits = {
  attributeValueLength: Number.POSITIVE_INFINITY,
  attributes: 128,
  events: 128,
  links: 128,
  attributesPerEvent: 128,
  attributesPerLink: 128,
};

/** Where a span goes when it ends. */
export type SpanSink = (span: FinishedSpan) => void;

const NO_EVENTS: readonly FinishedEvent[] = Object.freeze([]);
const NO_LINKS: readonly FinishedLink[] = Object.freeze([]);

export interface SpanStart {
  context: SpanContext;
  parent: SpanContext | undefined;
  name: string;
  kind: SpanKind;
  startTimeMs: number;
  sharedAttributes: Readonly<Attributes> | undefined;
}

export class RecordingSpan implements Span, FinishedSpan {
  readonly parentSpanId: string | undefined;
  readonly parentIsRemote: boolean;
  readonly traceState: string | undefined;
  name: string;
  readonly kind: SpanKind;
  readonly startTimeMs: number;
  endTimeMs = 0;
  sharedAttributes: Readonly<Attributes> | undefined;
  readonly attributes: Attributes = {};
  droppedAttributesCount = 0;
  events: readonly FinishedEvent[] = NO_EVENTS;
  droppedEventsCount = 0;
  links: readonly FinishedLink[] = NO_LINKS;
  droppedLinksCount = 0;
  statusCode: SpanStatusCode = SpanStatusCode.UNSET;
  statusMessage: string | undefined = undefined;
  private attributeCount = 0;
  private ended = false;
  private readonly context: SpanContext;

  constructor(
    start: SpanStart,
    private readonly limits: SpanLimits,
    private readonly sink: SpanSink,
  ) {
    this.context = start.context;
    this.traceState = start.context.traceState?.serialize() || undefined;
    this.parentSpanId = start.parent?.spanId;
    this.parentIsRemote = start.parent?.isRemote === true;
    this.name = start.name;
    this.kind = start.kind;
    this.startTimeMs = start.startTimeMs;
    this.sharedAttributes = start.sharedAttributes;
  }

  get traceId(): string {
    return this.context.traceId;
  }

  get spanId(): string {
    return this.context.spanId;
  }

  get traceFlags(): number {
    return this.context.traceFlags;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  isRecording(): boolean {
    return !this.ended;
  }

  setAttribute(key: string, value: SpanAttributes[string]): this {
    if (this.ended || value === undefined || value === null || !validValue(value)) return this;
    if (this.sharedAttributes !== undefined && key in this.sharedAttributes) this.unshare();
    if (!(key in this.attributes)) {
      if (this.attributeCount >= this.limits.attributes) {
        this.droppedAttributesCount++;
        return this;
      }
      this.attributeCount++;
    }
    this.attributes[key] = fitted(value, this.limits.attributeValueLength);
    return this;
  }

  /**
   * Someone changes an attribute the span shares with its method's other calls (possible
   * through trace.getSpan): the span takes its own copy, so the shared object stays as it is
   * and no key is sent twice.
   */
  private unshare(): void {
    const shared = this.sharedAttributes as Readonly<Attributes>;
    this.sharedAttributes = undefined;
    for (const key of Object.keys(shared)) {
      if (key in this.attributes) continue;
      this.attributes[key] = shared[key];
      this.attributeCount++;
    }
  }

  setAttributes(attributes: SpanAttributes): this {
    for (const key of Object.keys(attributes)) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    if (this.events.length >= this.limits.events) {
      this.droppedEventsCount++;
      return this;
    }
    const isTime = isTimeInput(attributesOrTime);
    const { attributes, dropped } = limited(
      isTime ? undefined : (attributesOrTime as SpanAttributes | undefined),
      this.limits.attributesPerEvent,
      this.limits.attributeValueLength,
    );
    const event: FinishedEvent = {
      name,
      timeMs: timeInputMs(isTime ? (attributesOrTime as TimeInput) : time),
      attributes,
      droppedAttributesCount: dropped,
    };
    this.events = this.events === NO_EVENTS ? [event] : [...this.events, event];
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    if (this.links.length >= this.limits.links) {
      this.droppedLinksCount++;
      return this;
    }
    const { attributes, dropped } = limited(
      link.attributes,
      this.limits.attributesPerLink,
      this.limits.attributeValueLength,
    );
    const finished: FinishedLink = {
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      traceState: link.context.traceState?.serialize() || undefined,
      traceFlags: link.context.traceFlags,
      attributes,
      droppedAttributesCount: dropped,
    };
    this.links = this.links === NO_LINKS ? [finished] : [...this.links, finished];
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.ended) return this;
    // Per the API: OK is final, and UNSET never replaces a status that was set.
    if (this.statusCode === SpanStatusCode.OK || status.code === SpanStatusCode.UNSET) return this;
    this.statusCode = status.code;
    this.statusMessage = status.code === SpanStatusCode.ERROR ? status.message : undefined;
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: SpanAttributes = {};
    if (typeof exception === 'string') attributes['exception.message'] = exception;
    else if (exception) {
      const type = exception.name ?? (exception.code === undefined ? undefined : String(exception.code));
      if (type !== undefined) attributes['exception.type'] = type;
      if (exception.message !== undefined) attributes['exception.message'] = exception.message;
      if (exception.stack !== undefined) attributes['exception.stacktrace'] = exception.stack;
    }
    this.addEvent('exception', attributes, time);
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    this.endTimeMs = endTime === undefined ? nowMs() : Math.max(timeInputMs(endTime), this.startTimeMs);
    this.sink(this);
  }
}

function isTimeInput(value: unknown): value is TimeInput {
  return typeof value === 'number' || value instanceof Date || (Array.isArray(value) && value.length === 2);
}

/** A primitive, or a homogeneous array of primitives (null and undefined allowed in it), as the API allows. */
function validValue(value: AttributeValue): boolean {
  if (!Array.isArray(value)) {
    const type = typeof value;
    return type === 'string' || type === 'number' || type === 'boolean';
  }
  let type: string | undefined;
  for (const element of value) {
    if (element === null || element === undefined) continue;
    const t = typeof element;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') return false;
    if (type !== undefined && t !== type) return false;
    type = t;
  }
  return true;
}

/**
 * The value as stored: an array copied (the caller may change theirs), strings longer than
 * `maxLength` cut to it, as the SDK's attribute value length limit does.
 */
function fitted(value: AttributeValue, maxLength: number): AttributeValue {
  if (typeof value === 'string') return value.length > maxLength ? value.slice(0, maxLength) : value;
  if (!Array.isArray(value)) return value;
  if (maxLength === Number.POSITIVE_INFINITY) return value.slice();
  return value.map((v) =>
    typeof v === 'string' && v.length > maxLength ? v.slice(0, maxLength) : v,
  ) as AttributeValue;
}

function limited(
  attributes: SpanAttributes | undefined,
  limit: number,
  maxLength: number,
): { attributes: Attributes; dropped: number } {
  const out: Attributes = {};
  let count = 0;
  let dropped = 0;
  if (attributes === undefined) return { attributes: out, dropped };
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value === undefined || value === null || !validValue(value)) continue;
    if (count >= limit) {
      dropped++;
      continue;
    }
    count++;
    out[key] = fitted(value, maxLength);
  }
  return { attributes: out, dropped };
}
