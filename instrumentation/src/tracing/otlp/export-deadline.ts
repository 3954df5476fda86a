// The time one export may take, retries included (OTEL_EXPORTER_OTLP_TRACES_TIMEOUT): one
// AbortSignal that fires when it passes or when the caller gives up first (the batch
// processor's own export timeout, OTEL_BSP_EXPORT_TIMEOUT). Every attempt's request listens
// to it and is cancelled (HTTP/2 stream reset, HTTP request destroyed), so a hung collector
// holds no stream or socket past the deadline. One timer per export, not per span.

export interface ExportDeadline {
  readonly signal: AbortSignal;
  /** Epoch ms at which the export's own timeout passes. */
  readonly at: number;
  remainingMs(): number;
  /** Why the signal fired, for the error of the attempt it cancelled. */
  reason(): string;
  /** Clears the timer and stops listening to the caller's signal. */
  dispose(): void;
}

export function startDeadline(timeoutMs: number, caller: AbortSignal | undefined): ExportDeadline {
  const controller = new AbortController();
  const at = Date.now() + timeoutMs;
  let why = '';
  const abort = (reason: string) => {
    if (controller.signal.aborted) return;
    why = reason;
    controller.abort();
  };
  const timer = setTimeout(() => abort(`no answer within the export timeout of ${timeoutMs} ms`), timeoutMs);
  timer.unref();
  const onCallerAbort = () => abort("the batch processor's export timeout passed");
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    at,
    remainingMs: () => Math.max(0, at - Date.now()),
    reason: () => why,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}
