// Optional direct shipping of log lines to Elasticsearch through pino-elasticsearch. It
// must never block or break the service: a line is handed over only while the shipper's
// buffer is under its bound, otherwise it is dropped and counted; when Elasticsearch
// fails, the shipper is rebuilt after a pause and lines in between are dropped and counted.
// stdout keeps every line regardless.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { ERROR_CODES } from '../errors.js';
import type { ProblemReporter } from '../problem-reporter.js';
import type { ResolvedLogging } from '../resolve-options.js';
import { LineQueue } from './line-queue.js';

type PinoElasticsearch = (options: Record<string, unknown>) => Writable;

const REBUILD_AFTER_MS = 5_000;
/** Bytes of documents per bulk request. */
export const SHIPPING_FLUSH_BYTES = 64 * 1024;

/** Loads pino-elasticsearch, an optional peer dependency; undefined when it is not installed. */
export function loadPinoElasticsearch(): PinoElasticsearch | undefined {
  try {
    return peerRequire()('pino-elasticsearch') as PinoElasticsearch;
  } catch {
    return undefined;
  }
}

// The published package is CommonJS: its own require resolves the peer beside the package.
// Where there is none (the TypeScript source run as ESM in this repository, or a service
// bundled into one ES module), resolve from the entry script's folder. No import.meta here:
// it cannot appear in a file compiled to CommonJS.
function peerRequire(): NodeJS.Require {
  if (typeof require === 'function') return require;
  return createRequire(process.argv[1] ?? join(process.cwd(), 'index.js'));
}

/** What pino-elasticsearch is given (bench/log-shipping measures with the same). */
export function pinoElasticsearchOptions(
  options: Pick<NonNullable<ResolvedLogging['elasticsearch']>, 'node' | 'index' | 'flushIntervalMs'>,
): Record<string, unknown> {
  return {
    node: options.node,
    index: options.index,
    esVersion: 9,
    // The default index, logs-kansoku-default, is a data stream wherever Elasticsearch has its
    // built-in logs-*-* template, and data streams take only `create`; plain indices take it too.
    opType: 'create',
    flushInterval: options.flushIntervalMs,
    flushBytes: SHIPPING_FLUSH_BYTES,
  };
}

export interface ShippingStream {
  write(line: string): void;
  close(): Promise<void>;
}

export function createShippingStream(
  factory: PinoElasticsearch,
  options: NonNullable<ResolvedLogging['elasticsearch']>,
  dropped: (reason: 'buffer_full' | 'ship_failed', count: number) => void,
  reporter: ProblemReporter,
): ShippingStream {
  let stream: Writable | undefined;
  let closed = false;
  let rebuild: NodeJS.Timeout | undefined;
  // Lines wait here, not inside pino-elasticsearch, until its stream takes more ('drain').
  // When the shipper fails, the lines it held are lost with it and cannot be counted one by
  // one; kept here, they are counted exactly, and what is lost uncounted is only what the
  // stream had taken (its 16 KiB buffer, the bulk being filled and those in flight).
  const waiting = new LineQueue();
  let blocked = false;

  const pump = () => {
    const s = stream;
    if (s === undefined) return;
    blocked = false;
    for (let line = waiting.shift(); line !== undefined; line = waiting.shift()) {
      if (!s.write(line)) {
        blocked = true;
        s.once('drain', pump);
        return;
      }
    }
  };

  const fail = (err: unknown) => {
    reporter.report('log_shipping', ERROR_CODES.logShipping, err, `shipping logs to ${options.node} failed`);
    const broken = stream;
    stream = undefined;
    blocked = false;
    broken?.removeListener('drain', pump);
    broken?.destroy();
    if (waiting.length > 0) dropped('ship_failed', waiting.clear());
    if (!closed && rebuild === undefined) {
      rebuild = setTimeout(() => {
        rebuild = undefined;
        if (!closed) build();
      }, REBUILD_AFTER_MS);
      rebuild.unref();
    }
  };

  const build = () => {
    try {
      const s = factory(pinoElasticsearchOptions(options));
      s.on('error', fail);
      s.on('insertError', (err: unknown) => {
        dropped('ship_failed', 1);
        reporter.report('log_shipping', ERROR_CODES.logShipping, err, 'Elasticsearch rejected a log line');
      });
      s.on('unknown', () => dropped('ship_failed', 1));
      stream = s;
    } catch (err) {
      fail(err);
    }
  };
  build();

  return {
    write(line) {
      if (stream === undefined || stream.destroyed) {
        dropped('ship_failed', 1);
        return;
      }
      if (waiting.bytes + stream.writableLength > options.maxBufferBytes) {
        dropped('buffer_full', 1);
        return;
      }
      waiting.push(line);
      if (!blocked) pump();
    },
    close() {
      closed = true;
      if (rebuild !== undefined) clearTimeout(rebuild);
      const s = stream;
      stream = undefined;
      if (s === undefined || s.destroyed) return Promise.resolve();
      s.removeListener('drain', pump);
      // What still waits goes with the end: the bulk helper sends it if it can.
      for (let line = waiting.shift(); line !== undefined; line = waiting.shift()) s.write(line);
      // end() lets the bulk helper send what it holds; a dead cluster must not hold up shutdown.
      return new Promise<void>((resolve) => {
        // Kept referenced: shutdown waits for it (at most 5 s) even if nothing else is left.
        const timer = setTimeout(resolve, 5_000);
        s.once('insert', () => {
          clearTimeout(timer);
          resolve();
        });
        s.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        s.end();
      });
    },
  };
}
