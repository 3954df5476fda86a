// A SpanExporter that keeps what it is given, for tests that read spans back.
import type { Attributes } from '@opentelemetry/api';
import type { FinishedSpan, SpanExporter } from '../../src/index.js';

export interface MemoryExporter extends SpanExporter {
  getFinishedSpans(): FinishedSpan[];
}

export function memoryExporter(): MemoryExporter {
  const spans: FinishedSpan[] = [];
  return {
    async export(batch) {
      spans.push(...batch);
      return { rejectedSpans: 0, message: undefined };
    },
    async shutdown() {},
    getFinishedSpans: () => spans.slice(),
  };
}

/** A span's shared and own attributes together, as a receiver sees them. */
export function allAttributes(span: FinishedSpan): Attributes {
  return { ...span.sharedAttributes, ...span.attributes };
}
