// createObservability: the one entry point. It checks the options, then builds, once,
// everything the call path needs (method tables, series storage, tracer, logger, access
// log), so that interceptors only test a few fields per call.
import type { ClientOptions, Interceptor, ServerInterceptor, ServiceDefinition } from '@grpc/grpc-js';
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type CallContext, contextManagerRegistered, createCallContext } from './call-scope.js';
import { ERROR_CODES } from './errors.js';
import { exclusionRule, MethodTable } from './grpc/method-table.js';
import { withChannelTarget } from './interceptors/channel-target.js';
import { createClientInterceptor } from './interceptors/client-interceptor.js';
import type { InterceptorDeps } from './interceptors/deps.js';
import { createNiceGrpcClientMiddleware, type NiceGrpcClientMiddleware } from './interceptors/nice-grpc-client.js';
import { createServerInterceptor } from './interceptors/server-interceptor.js';
import { AccessLog } from './logging/access-log.js';
import { LOG_FIELDS } from './logging/fields.js';
import { createLogging } from './logging/logger.js';
import { CallMetrics } from './metrics/call-metrics.js';
import { METRICS } from './metrics/catalog.js';
import { type MetricsEndpoint, startMetricsEndpoint } from './metrics/endpoint.js';
import { FoldedValues } from './metrics/folded-values.js';
import { registerSelfMetrics } from './metrics/self-metrics.js';
import type { ObservabilityOptions } from './options.js';
import { createProblemReporter, type ReporterSinks } from './problem-reporter.js';
import { resolveOptions } from './resolve-options.js';
import { traceResource } from './tracing/resource.js';
import { createTracing, type Tracing } from './tracing/tracing.js';
import { LIBRARY_VERSION } from './version.js';

export interface MetricsAddress {
  /** The port /metrics listens on; with `port: 0` this is the one the system chose. Undefined when it could not listen or is off. */
  metricsPort: number | undefined;
  /** http://host:port/metrics, with 127.0.0.1 standing for a wildcard host. */
  metricsUrl: string | undefined;
}

export interface Observability {
  /** For `new grpc.Server({ interceptors: obs.serverInterceptors })`. */
  readonly serverInterceptors: ServerInterceptor[];
  /** For a client's `{ interceptors: obs.clientInterceptors }` option. */
  readonly clientInterceptors: Interceptor[];
  /** For nice-grpc clients, which take no interceptors: `createClientFactory().use(obs.niceGrpcClientMiddleware)`. */
  readonly niceGrpcClientMiddleware: NiceGrpcClientMiddleware;
  /**
   * The client interceptors and a callInvocationTransformer that tells them the channel's
   * target, so client spans name the host called in server.address (not only the address
   * it resolved to): `new Client(target, creds, { ...obs.clientOptions })`.
   */
  readonly clientOptions: Pick<ClientOptions, 'interceptors' | 'callInvocationTransformer'>;
  /**
   * Creates the server's series of these services' methods now (started, handled at zero
   * for every code, handling time), as go-grpc-middleware's InitializeMetrics does, so the
   * first call and the first error of a new pod show in rate() and increase(). Call it with
   * the definitions given to server.addService; grpc-js has no public list of them.
   */
  initializeMetrics(...services: ServiceDefinition[]): void;
  /** ECS-shaped pino logger; inside a handler its lines carry the call's trace.id and span.id. */
  readonly logger: Logger;
  /** The prom-client Registry behind /metrics; register your own metrics here. */
  readonly registry: Registry;
  /**
   * The library's tracer, for spans of your own; undefined when tracing is off. Inside a
   * handler, a span started without an explicit context is a child of the call's span.
   */
  readonly tracer: Tracer | undefined;
  /** Resolves once the metrics endpoint listens (or failed to); read the bound port here when you asked for port 0. */
  readonly ready: Promise<MetricsAddress>;
  /** Exports the spans waiting in the queue and flushes the log destination, without closing anything. */
  flush(): Promise<void>;
  /** Flushes spans and logs and closes the metrics endpoint. Safe to call more than once. */
  shutdown(): Promise<void>;
}

export function createObservability(options: ObservabilityOptions): Observability {
  const resolved = resolveOptions(options);
  const m = resolved.metrics;
  const registry = m.registry ?? new Registry();
  const self = registerSelfMetrics(registry, {
    serviceName: resolved.serviceName,
    serviceVersion: resolved.serviceVersion,
    libraryVersion: LIBRARY_VERSION,
  });
  const sinks: ReporterSinks = {
    count: (component) => self.instrumentationErrors.inc({ component }),
    logger: undefined,
  };
  const reporter = createProblemReporter(sinks);

  // With a global context manager, log lines carry the current span's ids even when
  // kansoku itself does not trace (the application's spans); else only kansoku's calls set one.
  const scope: CallContext | undefined =
    resolved.tracing || contextManagerRegistered() ? createCallContext() : undefined;
  const logging = createLogging(resolved.logging, {
    serviceName: resolved.serviceName,
    serviceVersion: resolved.serviceVersion,
    scope,
    reporter,
    logsDropped: (reason, count) => self.logsDropped.inc({ reason }, count),
  });
  sinks.logger = logging.logger.child({ [LOG_FIELDS.logger.name]: 'kansoku' });

  const resource = traceResource(resolved.serviceName, resolved.serviceVersion, resolved.resourceAttributes);
  let tracing: Tracing | undefined;
  if (resolved.tracing && scope !== undefined) {
    tracing = createTracing(resolved.tracing, resource, scope, {
      onDrop: (reason, count) => self.spansDropped.inc({ reason }, count),
      onExported: (count) => self.spansExported.inc(count),
      onExportError: (err) =>
        reporter.report(
          'span_export',
          ERROR_CODES.spanExport,
          err,
          `exporting spans to ${tracing?.exportTarget} failed`,
        ),
    });
  }

  if (m.enabled && m.runtimeMetrics && registry.getSingleMetric(METRICS.processCpuUserSeconds.name) === undefined) {
    collectDefaultMetrics({ register: registry });
  }

  const folded = new FoldedValues(() => {
    const logger = sinks.logger;
    return logger && ((message) => logger.warn({ [LOG_FIELDS.component.name]: 'metadata_labels' }, message));
  });
  const isExcluded = exclusionRule(resolved.exclude);
  const access = resolved.logging.accessLog;
  const accessLog = access ? new AccessLog(logging.logger, access) : undefined;
  const side = (name: 'server' | 'client', withAccessLog: boolean): InterceptorDeps => {
    const table = new MethodTable({ maxMethods: m.maxMethods, isExcluded });
    const metrics = m.enabled ? new CallMetrics(name, table, m, folded) : undefined;
    metrics?.register(registry);
    return {
      table,
      metrics,
      tracing,
      scope,
      accessLog: withAccessLog ? accessLog : undefined,
      exemplars: m.exemplars,
      reporter,
    };
  };
  const serverDeps = side('server', true);
  const clientDeps = side('client', access !== false && access.client);

  let closing = false;
  let endpoint: MetricsEndpoint | undefined;
  if (m.enabled && m.port !== false) {
    endpoint = startMetricsEndpoint({ port: m.port, host: m.host, registry, reporter, isReady: () => !closing });
  }
  const urlHost = m.host === '0.0.0.0' || m.host === '::' ? '127.0.0.1' : m.host.includes(':') ? `[${m.host}]` : m.host;
  const ready: Promise<MetricsAddress> = (endpoint?.listening ?? Promise.resolve(undefined)).then((port) => ({
    metricsPort: port,
    metricsUrl: port === undefined ? undefined : `http://${urlHost}:${port}/metrics`,
  }));

  const clientInterceptors = [createClientInterceptor(clientDeps)];
  let shutdown: Promise<void> | undefined;
  return {
    serverInterceptors: [createServerInterceptor(serverDeps)],
    clientInterceptors,
    clientOptions: { interceptors: clientInterceptors, callInvocationTransformer: withChannelTarget },
    initializeMetrics(...services) {
      serverDeps.metrics?.initialize(services.flatMap((service) => Object.values(service)));
    },
    niceGrpcClientMiddleware: createNiceGrpcClientMiddleware(clientDeps),
    logger: logging.logger,
    registry,
    tracer: tracing?.tracer,
    ready,
    async flush() {
      await tracing?.forceFlush();
      await logging.flush();
    },
    shutdown() {
      shutdown ??= (async () => {
        closing = true;
        await tracing?.shutdown().catch((err: unknown) => {
          reporter.report('span_export', ERROR_CODES.spanExport, err, 'flushing spans at shutdown failed');
        });
        await endpoint?.close();
        await logging.close();
        await logging.flush();
      })();
      return shutdown;
    },
  };
}
