// kansoku's spans made through an OpenTelemetry TracerProvider: the application's (passed
// as tracing.provider, or registered globally), or one of kansoku's own built from the
// SDK around a standard SpanExporter given as tracing.exporter. Either way the SDK's
// sampler, span processors and exporters do the rest.
import {
  type Attributes,
  type Context,
  ProxyTracerProvider,
  type Span,
  type SpanKind,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { SamplerSetting } from '../otel-env.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../version.js';

/** What the interceptors start their call spans with. */
export interface CallTracer {
  startCallSpan(name: string, kind: SpanKind, shared: Readonly<Attributes>, parent: Context): Span;
}

/** The provider behind the global one, when the application registered one; undefined when it is the API's no-op. */
export function registeredTracerProvider(): TracerProvider | undefined {
  const global = trace.getTracerProvider();
  const delegate =
    global instanceof ProxyTracerProvider || typeof (global as Partial<ProxyTracerProvider>).getDelegate === 'function'
      ? (global as ProxyTracerProvider).getDelegate()
      : global;
  // The API's no-op provider is not exported; another copy of the API has its own instance.
  return delegate.constructor.name === 'NoopTracerProvider' ? undefined : delegate;
}

export function tracerProviderRegistered(): boolean {
  return registeredTracerProvider() !== undefined;
}

/** Call spans from an API Tracer (the SDK's): the method's attributes are copied by the SDK. */
export class ProviderCallTracer implements CallTracer {
  constructor(readonly tracer: Tracer) {}

  startCallSpan(name: string, kind: SpanKind, shared: Readonly<Attributes>, parent: Context): Span {
    return this.tracer.startSpan(name, { kind, attributes: shared }, parent);
  }
}

export function libraryTracer(provider: TracerProvider): Tracer {
  return provider.getTracer(LIBRARY_NAME, LIBRARY_VERSION);
}

export interface OwnProviderOptions {
  exporter: SpanExporter;
  resource: Record<string, string>;
  sampler: SamplerSetting;
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  exportTimeoutMs: number;
  /** A failed export, with the exporter's error. */
  onExportError(error: unknown): void;
}

/** An SDK provider of kansoku's own, never registered globally, exporting with the given exporter. */
export function ownProvider(options: OwnProviderOptions): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes(options.resource),
    sampler: sdkSampler(options.sampler),
    spanProcessors: [
      new BatchSpanProcessor(reportingExporter(options.exporter, options.onExportError), {
        maxQueueSize: options.maxQueueSize,
        maxExportBatchSize: options.maxExportBatchSize,
        scheduledDelayMillis: options.scheduledDelayMs,
        exportTimeoutMillis: options.exportTimeoutMs,
      }),
    ],
  });
}

function sdkSampler({ ratio, parentBased }: SamplerSetting): Sampler {
  const root =
    ratio >= 1 ? new AlwaysOnSampler() : ratio <= 0 ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(ratio);
  return parentBased ? new ParentBasedSampler({ root }) : root;
}

/** The exporter, with its failures also reported to kansoku (the SDK only tells its diag logger). */
function reportingExporter(exporter: SpanExporter, onError: (error: unknown) => void): SpanExporter {
  return {
    export(spans, resultCallback) {
      try {
        exporter.export(spans, (result) => {
          if (result.code !== ExportResultCode.SUCCESS) onError(result.error ?? new Error('export failed'));
          resultCallback(result);
        });
      } catch (error) {
        onError(error);
        resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      }
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/** The name an error message gives an exporter: its class, e.g. ConsoleSpanExporter. */
export function exporterName(exporter: object): string {
  const name = exporter.constructor?.name;
  return name && name !== 'Object' ? name : 'an exporter object';
}
