// The pino logger of one createObservability: ECS field names, the trace and span ids of
// the current span (the call's, or one started inside it) on lines written inside a
// handler, redaction, and stdout written asynchronously (flushed by shutdown). Optionally
// also shipped to Elasticsearch.
import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { CallContext } from '../call-scope.js';
import type { ProblemReporter } from '../problem-reporter.js';
import type { ResolvedLogging } from '../resolve-options.js';
import { ecsPinoOptions } from './ecs-format.js';
import { createShippingStream, loadPinoElasticsearch, type ShippingStream } from './elasticsearch-shipping.js';
import { ECS_VERSION, LOG_FIELDS } from './fields.js';

const F = LOG_FIELDS;

export interface Logging {
  logger: Logger;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface LoggingContext {
  serviceName: string;
  serviceVersion: string | undefined;
  scope: CallContext | undefined;
  reporter: ProblemReporter;
  logsDropped(reason: 'buffer_full' | 'ship_failed', count: number): void;
}

/** What the mixin returns outside a span: nothing to merge. Never written to. */
const NO_IDS: Record<string, unknown> = Object.freeze({});

/** pino's default merge (the line's own fields win over the ids), skipped when there are no ids. */
function mergeIds(line: object, ids: object): object {
  return ids === NO_IDS ? line : Object.assign(ids, line);
}

export function createLogging(options: ResolvedLogging, ctx: LoggingContext): Logging {
  const base: Record<string, unknown> = {
    [F.serviceName.name]: ctx.serviceName,
    [F.ecsVersion.name]: ECS_VERSION,
    [F.processPid.name]: process.pid,
    [F.hostName.name]: hostname(),
  };
  if (ctx.serviceVersion !== undefined) base[F.serviceVersion.name] = ctx.serviceVersion;

  const stdout = options.destination === undefined ? pino.destination({ dest: 1, sync: false }) : undefined;
  const primary: DestinationStream = options.destination ?? (stdout as DestinationStream);
  let shipping: ShippingStream | undefined;
  let destination: DestinationStream = primary;
  if (options.elasticsearch) {
    const factory = loadPinoElasticsearch();
    if (factory === undefined) throw new Error('pino-elasticsearch is not installed'); // checked in createObservability
    shipping = createShippingStream(factory, options.elasticsearch, ctx.logsDropped, ctx.reporter);
    const level = options.level === 'silent' ? 'fatal' : options.level;
    destination = pino.multistream([
      { level, stream: primary },
      { level, stream: shipping },
    ]);
  }

  const scope = ctx.scope;
  const logger = pino(
    {
      ...ecsPinoOptions(),
      level: options.level,
      base,
      redact: options.redact.length > 0 ? { paths: options.redact, censor: '[REDACTED]' } : undefined,
      // pino merges the line's own fields into the returned object, so it must be a new one
      // each time; outside a span nothing is merged and the line's object is used as it is
      // (no empty object made and filled per line: bench/log-file).
      mixin: scope
        ? () => {
            const s = scope.activeIds();
            return s === undefined ? NO_IDS : { [F.traceId.name]: s.traceId, [F.spanId.name]: s.spanId };
          }
        : undefined,
      mixinMergeStrategy: scope ? mergeIds : undefined,
    },
    destination,
  );

  return {
    logger,
    // The service's own destination is flushed too when it can be (a pino.destination
    // written asynchronously loses its buffer at exit otherwise); one whose flush takes
    // no callback is flushed and not waited for.
    flush: () =>
      new Promise<void>((resolve) => {
        const flushable = primary as { flush?: (done?: (err?: Error | null) => void) => void };
        if (typeof flushable.flush !== 'function') return resolve();
        try {
          if (flushable.flush.length === 0) {
            flushable.flush();
            return resolve();
          }
          flushable.flush(() => resolve());
        } catch {
          resolve();
        }
      }),
    async close() {
      await shipping?.close();
    },
  };
}
