// The tracing options that concern living beside the OpenTelemetry SDK: a standard
// SpanExporter, a TracerProvider of the application's, an exporter of encoded batches for
// the built-in pipeline, and the propagators OTEL_PROPAGATORS names. Checked here, apart
// from the export pipeline's own options, with every problem named by its path.
import type { TracerProvider } from '@opentelemetry/api';
import type { SpanExporter as OtelSpanExporter } from '@opentelemetry/sdk-trace-base';
import { envPropagators, type PropagatorName } from './otel-env.js';
import type { SpanExporter as EncodedSpansExporter } from './tracing/finished-span.js';

export interface ResolvedSdkInterop {
  /** An OpenTelemetry SpanExporter: spans are made by an SDK tracer provider of kansoku's own that exports with it. */
  exporter: OtelSpanExporter | undefined;
  /** The built-in pipeline's encoded batches go here instead of over OTLP. */
  encodedExporter: EncodedSpansExporter | undefined;
  /** Spans are made through this provider (the application's resource, sampler, processors, exporters). */
  provider: TracerProvider | undefined;
  /** The propagators used when the application set no global one, in order. */
  propagators: PropagatorName[];
}

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null;

function callable(value: Obj, name: string): boolean {
  return typeof value[name] === 'function';
}

export function resolveSdkInterop(
  problems: string[],
  t: Obj,
  env: Record<string, string | undefined>,
): ResolvedSdkInterop {
  const { exporter, encodedExporter, provider } = t;
  // An OpenTelemetry exporter reports through a callback: export(spans, resultCallback).
  // A one-argument export is the shape of an encoded-batch exporter, which would fail on
  // every batch if it were handed spans.
  if (
    exporter !== undefined &&
    !(
      isObject(exporter) &&
      callable(exporter, 'export') &&
      callable(exporter, 'shutdown') &&
      (exporter.export as (...args: unknown[]) => unknown).length >= 2
    )
  ) {
    problems.push(
      'options.tracing.exporter must be an OpenTelemetry SpanExporter (export(spans, resultCallback) and shutdown(), e.g. from @opentelemetry/sdk-trace-base); an exporter of encoded OTLP batches goes in options.tracing.encodedExporter',
    );
  }
  if (
    encodedExporter !== undefined &&
    !(isObject(encodedExporter) && callable(encodedExporter, 'export') && callable(encodedExporter, 'shutdown'))
  ) {
    problems.push('options.tracing.encodedExporter must be an object with export(batch) and shutdown() methods');
  }
  if (provider !== undefined && !(isObject(provider) && callable(provider, 'getTracer'))) {
    problems.push('options.tracing.provider must be an OpenTelemetry TracerProvider (with getTracer())');
  }
  const chosen = [exporter, encodedExporter, provider].filter((v) => v !== undefined).length;
  if (chosen > 1) {
    problems.push('options.tracing: give at most one of exporter, encodedExporter and provider');
  }
  const fromEnv = envPropagators(env);
  if (fromEnv.problem !== undefined) problems.push(fromEnv.problem);
  return {
    exporter: exporter as OtelSpanExporter | undefined,
    encodedExporter: encodedExporter as EncodedSpansExporter | undefined,
    provider: provider as TracerProvider | undefined,
    propagators: fromEnv.names ?? ['tracecontext', 'baggage'],
  };
}
