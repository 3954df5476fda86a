// The OpenTelemetry SDK's warnings in a bench variant: its batch span processor reports the
// spans it drops (queue full) only through diag, at WARN, once per burst of drops.
import { DiagLogLevel, diag } from '@opentelemetry/api';

export interface SdkWarnings {
  /** Spans the SDK said it dropped ("Dropped N spans because maxQueueSize reached"). */
  droppedSpans(): number;
  /** The first few other warnings. */
  others(): string[];
}

export function captureSdkWarnings(): SdkWarnings {
  const warnings: string[] = [];
  diag.setLogger(
    {
      error: (message) => warnings.push(message),
      warn: (message) => warnings.push(message),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    DiagLogLevel.WARN,
  );
  const dropped = /Dropped (\d+) spans/;
  return {
    droppedSpans: () => warnings.reduce((sum, w) => sum + Number(dropped.exec(w)?.[1] ?? 0), 0),
    others: () => warnings.filter((w) => !dropped.test(w)).slice(0, 5),
  };
}
