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

type PinoElasticsearch = (options: Record<string, unknown>) => Writable;

const REBUILD_AFTER_MS = 5_000;

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

  const fail = (err: unknown) => {
    reporter.report('log_shipping', ERROR_CODES.logShipping, err, `shipping logs to ${options.node} failed`);
    const broken = stream;
    stream = undefined;
    broken?.destroy();
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
      const s = factory({
        node: options.node,
        index: options.index,
        esVersion: 9,
        // The default index, logs-kansoku-default, is a data stream wherever Elasticsearch has its
        // built-in logs-*-* template, and data streams take only `create`; plain indices take it too.
        opType: 'create',
        flushInterval: options.flushIntervalMs,
        flushBytes: 64 * 1024,
      });
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
      const s = stream;
      if (s === undefined || s.destroyed) {
        dropped('ship_failed', 1);
        return;
      }
      if (s.writableLength > options.maxBufferBytes) {
        dropped('buffer_full', 1);
        return;
      }
      s.write(line);
    },
    close() {
      closed = true;
      if (rebuild !== undefined) clearTimeout(rebuild);
      const s = stream;
      stream = undefined;
      if (s === undefined || s.destroyed) return Promise.resolve();
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
