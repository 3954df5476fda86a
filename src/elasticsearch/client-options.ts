// The one place that turns "where and how to reach Elasticsearch" into the official
// client's options, for everything kansoku opens a connection with (`kansoku es setup`,
// the forwarder's poller and shared state, the demo). Elasticsearch 8 and 9 are both
// supported: the 9.x client asks for `compatible-with=9` media types, which Elasticsearch 8
// refuses (media_type_header_exception), so every request says plain JSON instead, which
// every major since 7 takes (bulk bodies included).
import type { Client } from '@elastic/elasticsearch';

export type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;

export interface ElasticsearchTarget {
  node: string;
  /** Basic authentication or an API key (secrets: never logged). */
  auth?: { username: string; password: string } | { apiKey: string };
  /** The PEM text of a private CA. */
  ca?: string | Buffer;
  requestTimeout: number;
}

/** Headers that every supported major (8.x, 9.x) accepts. */
const PLAIN_JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' } as const;

export function elasticsearchClientOptions(target: ElasticsearchTarget): ClientOptions {
  return {
    node: target.node,
    requestTimeout: target.requestTimeout,
    maxRetries: 2,
    headers: { ...PLAIN_JSON_HEADERS },
    ...(target.auth && { auth: target.auth }),
    ...(target.ca !== undefined && { tls: { ca: target.ca } }),
  };
}
