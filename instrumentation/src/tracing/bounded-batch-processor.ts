// A batch processor for finished spans with a bounded queue that counts what it drops:
// a full queue, a failed export, a span that could not be encoded and spans the receiver
// rejected all show in kansoku_spans_dropped_total{reason}. Spans are encoded to OTLP the
// moment they end (TraceEncoder.add), so what waits here is bytes. One export is in flight
// at a time, so a slow collector fills the queue and then sheds spans instead of piling up
// requests.
import type { EncodedSpans, FinishedSpan, SpanExporter } from './finished-span.js';
import type { TraceEncoder } from './otlp/encode-traces.js';

export type DropReason = 'queue_full' | 'export_failed' | 'rejected' | 'shutdown';

export interface BatchSettings {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  exportTimeoutMs: number;
  onDrop(reason: DropReason, count: number): void;
  /** Spans the receiver accepted (a batch's spans less those it rejected). */
  onExported(count: number): void;
  onExportError(error: unknown): void;
}

export class BoundedBatchSpanProcessor {
  /** Full batches waiting for the export in flight. */
  private readonly sealed: EncodedSpans[] = [];
  private sealedSpans = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly encoder: TraceEncoder,
    private readonly exporter: SpanExporter,
    private readonly settings: BatchSettings,
  ) {}

  /** Takes a span that has ended; bound as the tracer's sink, so it is an arrow property. */
  readonly onEnd = (span: FinishedSpan): void => {
    if (this.closed) {
      this.settings.onDrop('shutdown', 1);
      return;
    }
    if (this.sealedSpans + this.encoder.spanCount >= this.settings.maxQueueSize) {
      this.settings.onDrop('queue_full', 1);
      return;
    }
    try {
      this.encoder.add(span);
    } catch (err) {
      this.settings.onDrop('export_failed', 1);
      this.settings.onExportError(new Error(`encoding span "${span.name}" failed`, { cause: err }));
      return;
    }
    if (this.encoder.spanCount >= this.settings.maxExportBatchSize) {
      this.seal();
      this.exportSoon(0);
    } else if (this.timer === undefined) this.exportSoon(this.settings.scheduledDelayMs);
  };

  /**
   * Exports the batch in flight and the spans queued now. Spans ended meanwhile wait for
   * the next scheduled export: under steady load the queue never empties, and a flush
   * that waited for that would never end.
   */
  async forceFlush(): Promise<void> {
    this.clearTimer();
    this.seal();
    let remaining = this.sealed.length;
    if (this.inFlight) await this.inFlight;
    while (remaining-- > 0 && this.sealed.length > 0) await this.exportBatch();
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.forceFlush();
    await this.exporter.shutdown();
  }

  /** Closes the batch being built, if it has spans, into the queue of batches to export. */
  private seal(): void {
    const spanCount = this.encoder.spanCount;
    if (spanCount === 0) return;
    this.sealed.push({ request: this.encoder.seal(), spanCount });
    this.sealedSpans += spanCount;
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
    if (this.sealed.length === 0) this.seal(); // the scheduled delay passed: send a partial batch
    const batch = this.sealed.shift();
    if (batch === undefined) return Promise.resolve();
    this.sealedSpans -= batch.spanCount;
    this.inFlight = this.deliver(batch).then(() => {
      this.inFlight = undefined;
      if (this.closed) return;
      if (this.sealed.length > 0) this.exportSoon(0);
      else if (this.encoder.spanCount > 0) this.exportSoon(this.settings.scheduledDelayMs);
    });
    return this.inFlight;
  }

  /**
   * One export, settled within exportTimeoutMs whatever the exporter does; never rejects. At
   * the timeout the exporter's signal fires, so the request in flight is cancelled and no
   * further retry starts. While an export is being retried, the spans that end meanwhile wait
   * in the queue (bounded by maxQueueSize, beyond which they are dropped and counted), so a
   * collector away for less than the retry window loses none of them.
   */
  private async deliver(batch: EncodedSpans): Promise<void> {
    const controller = new AbortController();
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => {
        controller.abort();
        reject(new Error(`span export timed out after ${this.settings.exportTimeoutMs} ms`));
      }, this.settings.exportTimeoutMs);
      timeout.unref();
    });
    try {
      const outcome = await Promise.race([this.exporter.export(batch, controller.signal), timedOut]);
      const rejected = Math.min(Math.max(0, outcome.rejectedSpans), batch.spanCount);
      if (rejected < batch.spanCount) this.settings.onExported(batch.spanCount - rejected);
      if (rejected > 0) {
        this.settings.onDrop('rejected', rejected);
        this.settings.onExportError(
          new Error(
            `the collector rejected ${rejected} of ${batch.spanCount} spans: ${outcome.message ?? 'no reason given'}`,
          ),
        );
      }
    } catch (err) {
      this.settings.onDrop('export_failed', batch.spanCount);
      this.settings.onExportError(err);
    } finally {
      clearTimeout(timeout);
    }
  }
}
