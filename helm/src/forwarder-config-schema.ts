// The forwarder's configuration (forwarder.yaml) as the chart accepts it in
// forwarder.config. The chart sets the listen addresses, the ingest token and the SQLite
// path itself, so those are not values.
import { duration, int, obj, type Schema, str } from './schema-builders.js';

const elasticsearchNode = str('URL of an Elasticsearch node (http://elasticsearch-master:9200).', {
  pattern: '^https?://',
});

export const forwarderConfigSchema: Schema = obj(
  "The forwarder's configuration (forwarder.yaml, see docs/forwarder.md), stored in a Secret. The chart sets the listen addresses, the ingest token and the SQLite path itself.",
  {
    inputs: obj('Where error records come from besides the HTTP ingest the chart always opens for Fluentd.', {
      http: obj('The HTTP ingest (its address and token are set by the chart).', {
        maxBodyBytes: int('Largest request body accepted, in bytes.', { minimum: 1 }),
      }),
      elasticsearch: obj('Poll Elasticsearch for error records.', {
        node: elasticsearchNode,
        index: str('Index pattern to search (logs-*).'),
        pollInterval: duration('Time between polls.'),
        safetyDelay: duration('How far behind now to read, so that refresh lag loses nothing.'),
      }),
    }),
    state: obj(
      'Where checkpoints, groups, silences and outboxes are kept: SQLite (one replica) or Elasticsearch (several replicas). Exactly one.',
      {
        sqlite: obj('An SQLite file on the pod’s state volume (see forwarder.persistence).', {}),
        elasticsearch: obj('Indices in Elasticsearch, shared by every replica.', {
          node: elasticsearchNode,
          indexPrefix: str('Prefix of the state indices.'),
        }),
      },
      { minProperties: 1, maxProperties: 1 },
    ),
    grouping: obj('How error records are grouped and when a group alerts again.', {
      realertAfter: duration('Least time between two alerts of one group.'),
      newErrorAfter: duration('An error not seen for this long is new again.'),
    }),
    sinks: obj('Where alerts go; any subset.', {
      slack: obj('A Slack incoming webhook.', { webhookUrl: str('The webhook URL.', { pattern: '^https://' }) }),
      webhook: obj('A generic webhook, signed with HMAC.', {
        url: str('URL the alert JSON is posted to.', { pattern: '^https?://' }),
        secret: str('Key of the HMAC signature header.'),
      }),
      alertmanager: obj('Alertmanager API v2.', { url: str('Alertmanager URL.', { pattern: '^https?://' }) }),
    }),
    links: obj('Links every alert carries.', {
      discover: str('Kibana Discover URL.'),
      trace: str('Trace URL template; {traceId} is replaced.'),
    }),
  },
);
