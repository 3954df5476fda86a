// A batch processor for finished spans with a bounded queue that counts what it drops:
// a full queue, a failed export and spans the receiver rejected all show in
// kansoku_spans_dropped_total{reason}. One export is in flight at a time, so a slow
// collector fills the queue and then sheds spans instead of piling up requests.
import type { FinishedSpan, SpanExporter } from './finished-span.js';

export type DropReason = 'queue_full' | 'export_failed' | 'rejected' | 'shutdown';

export interface BatchSettings {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  exportTimeoutMs: number;
  onDrop(reason: DropReason, count: number): void;
  onExportError(error: unknown): void;
}

export class BoundedBatchSpanProcessor {
  private queue: FinishedSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly settings: BatchSettings,
  ) {}

  /** Takes a span that has ended; bound as the tracer's sink, so it is an arrow property. */
  readonly onEnd = (span: FinishedSpan): void => {
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
    else if (this.timer === undefined) this.exportSoon(this.settings.scheduledDelayMs);
  };

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
    this.inFlight = this.deliver(batch).then(() => {
      this.inFlight = undefined;
      if (this.queue.length > 0 && !this.closed) {
        this.exportSoon(this.queue.length >= this.settings.maxExportBatchSize ? 0 : this.settings.scheduledDelayMs);
      }
    });
    return this.inFlight;
  }

  /** One export, settled within exportTimeoutMs whatever the exporter does; never rejects. */
  private async deliver(batch: FinishedSpan[]): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timeout = setTimeout(
        () => reject(new Error(`span export timed out after ${this.settings.exportTimeoutMs} ms`)),
        this.settings.exportTimeoutMs,
      );
      timeout.unref();
    });
    try {
      const outcome = await Promise.race([this.exporter.export(batch), timedOut]);
      if (outcome.rejectedSpans > 0) {
        const rejected = Math.min(outcome.rejectedSpans, batch.length);
        this.settings.onDrop('rejected', rejected);
        this.settings.onExportError(
          new Error(
            `the collector rejected ${rejected} of ${batch.length} spans: ${outcome.message ?? 'no reason given'}`,
          ),
        );
      }
    } catch (err) {
      this.settings.onDrop('export_failed', batch.length);
      this.settings.onExportError(err);
    } finally {
      clearTimeout(timeout);
    }
  }
}
