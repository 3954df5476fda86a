// A batch span processor with a bounded queue that counts what it drops. The SDK's own
// BatchSpanProcessor drops silently (a diag line at most), and the design asks that every
// bound hit be counted: here a full queue and a failed export both show in
// kansoku_spans_dropped_total{reason}. One export is in flight at a time, so a slow
// collector fills the queue and then sheds spans instead of piling up requests.
import { TraceFlags } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export type DropReason = 'queue_full' | 'export_failed' | 'shutdown';

export interface BatchSettings {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  exportTimeoutMs: number;
  onDrop(reason: DropReason, count: number): void;
  onExportError(error: unknown): void;
}

export class BoundedBatchSpanProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly settings: BatchSettings,
  ) {}

  onStart(_span: Span): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.closed) {
      this.settings.onDrop('shutdown', 1);
      return;
    }
    if (this.queue.length >= this.settings.maxQueueSize) {
      this.settings.onDrop('queue_full', 1);
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.settings.maxExportBatchSize) this.exportSoon(0);
    else this.exportSoon(this.settings.scheduledDelayMs);
  }

  /**
   * Exports the batch in flight and the spans queued now. Spans ended meanwhile wait for
   * the next scheduled export: under steady load the queue never empties, and a flush
   * that waited for that would never end.
   */
  async forceFlush(): Promise<void> {
    this.clearTimer();
    let remaining = this.queue.length;
    if (this.inFlight) await this.inFlight;
    while (remaining > 0 && this.queue.length > 0) {
      remaining -= Math.min(this.queue.length, this.settings.maxExportBatchSize);
      await this.exportBatch();
    }
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.forceFlush();
    await this.exporter.shutdown();
  }

  private exportSoon(delay: number): void {
    if (this.inFlight) return; // the batch in flight schedules the next when it settles
    if (this.timer !== undefined) {
      if (delay > 0) return;
      this.clearTimer();
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.exportBatch();
    }, delay);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private exportBatch(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const batch = this.queue.splice(0, this.settings.maxExportBatchSize);
    if (batch.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve) => {
      let settled = false;
      const finish = (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        if (error !== undefined) {
          this.settings.onDrop('export_failed', batch.length);
          this.settings.onExportError(error);
        }
        resolve();
      };
      const timeout = setTimeout(
        () => finish(new Error(`span export timed out after ${this.settings.exportTimeoutMs} ms`)),
        this.settings.exportTimeoutMs,
      );
      timeout.unref();
      try {
        this.exporter.export(batch, (result) => {
          finish(
            result.code === ExportResultCode.SUCCESS ? undefined : (result.error ?? new Error('span export failed')),
          );
        });
      } catch (err) {
        finish(err);
      }
    });
    this.inFlight = done.then(() => {
      this.inFlight = undefined;
      if (this.queue.length > 0 && !this.closed) {
        this.exportSoon(this.queue.length >= this.settings.maxExportBatchSize ? 0 : this.settings.scheduledDelayMs);
      }
    });
    return this.inFlight;
  }
}
