// The one way the forwarder opens an Elasticsearch connection (the poller's and the shared
// state's): the official client with the configured credentials and CA, speaking to
// Elasticsearch 8 or 9 (src/elasticsearch/client-options.ts). Its errors carry
// the request (headers included) in `meta`, so they are never logged whole: esErrorText
// gives what is safe to log.
import { Client, errors } from '@elastic/elasticsearch';
import { elasticsearchClientOptions } from '../elasticsearch/client-options.js';
import type { ElasticsearchConnection } from './config/config.js';

export function createElasticsearchClient(connection: ElasticsearchConnection, requestTimeout: number): Client {
  // Never info()/ping() on it (GET / is missing in minimal distributions).
  return new Client(elasticsearchClientOptions({ ...connection, requestTimeout }));
}

/** An Elasticsearch client error as one line without the request's headers or body. */
export function esErrorText(err: unknown): string {
  if (err instanceof errors.ResponseError) {
    const body = err.body as { error?: { type?: string; reason?: string } } | undefined;
    const reason = body?.error?.type ? `${body.error.type}: ${body.error.reason ?? ''}` : err.name;
    return `Elasticsearch answered ${err.statusCode ?? '?'} (${reason})`;
  }
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
