// The state of one observed call and how it ends, shared by the server and client
// interceptors. A call ends exactly once, whichever of status, cancellation or deadline
// is seen first; anything the instrumentation gets wrong is reported, never thrown.
import type { Metadata } from '@grpc/grpc-js';
import { type Span, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { ERROR_CODES } from '../errors.js';
import { GRPC_CODE_NAMES, grpcStatusName } from '../grpc/codes.js';
import type { MethodInfo } from '../grpc/method-table.js';
import { isErrorCode, type Side } from '../metrics/call-metrics.js';
import type { MethodStats } from '../metrics/method-stats.js';
import type { InterceptorDeps } from './deps.js';

const UNKNOWN = 2;

/** rpc.method_original of a call whose method became _OTHER: the path as called, without its leading slash. */
export function originalMethod(path: string): string {
  return path.startsWith('/') ? path.slice(1) : path;
}

export class CallRecord {
  private readonly startedAt = performance.now();
  stats: MethodStats | undefined;
  span: Span | undefined;
  traceId: string | undefined;
  spanId: string | undefined;
  peer: string | undefined;
  /** Set while the server sends the status: a cancel reported meanwhile is not the call's end. */
  sendingStatus = false;
  done = false;

  constructor(
    readonly side: Side,
    readonly info: MethodInfo,
    readonly deps: InterceptorDeps,
  ) {}

  /** Picks the series and counts the start; idempotent, so a call ending before its metadata still counts once. */
  begin(metadata: Metadata | undefined): void {
    if (this.stats !== undefined || this.deps.metrics === undefined) return;
    const stats = this.deps.metrics.statsFor(this.info, metadata);
    stats.started++;
    stats.inFlight++;
    this.stats = stats;
  }

  countReceived(): void {
    if (this.stats !== undefined) this.stats.msgReceived++;
  }

  countSent(): void {
    if (this.stats !== undefined) this.stats.msgSent++;
  }

  setSpan(span: Span): void {
    this.span = span;
    const sc = span.spanContext();
    this.traceId = sc.traceId;
    this.spanId = sc.spanId;
  }

  finish(rawCode: number, details: string | undefined): void {
    if (this.done) return;
    this.done = true;
    try {
      const code = Number.isInteger(rawCode) && rawCode >= 0 && rawCode < GRPC_CODE_NAMES.length ? rawCode : UNKNOWN;
      const seconds = (performance.now() - this.startedAt) / 1000;
      const span = this.span;
      const exemplar =
        this.deps.exemplars && span !== undefined && (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
      if (this.deps.metrics !== undefined) {
        this.begin(undefined);
        const stats = this.stats as MethodStats;
        stats.inFlight--;
        stats.handled[code] = (stats.handled[code] as number) + 1;
        if (exemplar) {
          stats.handling?.observe(seconds, this.traceId, this.spanId);
          stats.otelHistogram(code)?.observe(seconds, this.traceId, this.spanId);
        } else {
          stats.handling?.observe(seconds);
          stats.otelHistogram(code)?.observe(seconds);
        }
      }
      if (span !== undefined) {
        const status = grpcStatusName(code);
        span.setAttribute('rpc.status_code', status);
        if (isErrorCode(this.side, code)) {
          span.setAttribute('error.type', status);
          span.setStatus({ code: SpanStatusCode.ERROR, message: details });
        }
        span.end();
      }
      this.deps.accessLog?.write({
        info: this.info,
        code,
        details,
        seconds,
        peer: this.peer,
        traceId: this.traceId,
        spanId: this.spanId,
      });
    } catch (err) {
      this.deps.reporter.report(
        `${this.side}_interceptor`,
        ERROR_CODES.interceptor,
        err,
        'recording a finished call failed',
      );
    }
  }
}
