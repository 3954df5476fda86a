// The forwarder's configuration as a JSON Schema: the one description of every setting,
// its type and default. Validation (ajv), the environment variable names (env.ts) and
// the reference in docs/forwarder.md all derive from it.
const duration = (defaultValue?: string, description?: string) => ({
  type: 'string',
  format: 'duration',
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
  ...(description === undefined ? {} : { description }),
});
const listen = (defaultValue: string) => ({ type: 'string', format: 'listen', default: defaultValue });
const url = { type: 'string', format: 'http-url' };
const secret = { type: 'string', minLength: 1, secret: true };
const strings = { type: 'array', items: { type: 'string', minLength: 1 } };
// How the forwarder reaches an Elasticsearch (the poller's and the shared state's): basic
// authentication or an API key, and the CA that signed an https node's certificate.
const esConnection = {
  username: { type: 'string', minLength: 1, description: 'Basic authentication user (with password).' },
  password: { ...secret, description: 'Basic authentication password (with username); never logged.' },
  apiKey: {
    ...secret,
    description: 'An Elasticsearch API key, the base64 "id:key" form; instead of username and password; never logged.',
  },
  caFile: {
    type: 'string',
    minLength: 1,
    description: 'PEM file of the CA that signed the https node certificate (otherwise the system CAs are trusted).',
  },
};
const esConnectionRules = { dependencies: { username: ['password'], password: ['username'] } };
const rule = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { namespace: strings, service: strings, message: { type: 'string', format: 'regex' } },
};
export const SILENCE_MATCH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    fingerprint: { type: 'string', minLength: 1 },
    service: { type: 'string', minLength: 1 },
    namespace: { type: 'string', minLength: 1 },
    message: { type: 'string', format: 'regex' },
  },
};

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['inputs', 'sinks'],
  properties: {
    inputs: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        http: {
          type: 'object',
          additionalProperties: false,
          required: ['token'],
          properties: {
            listen: listen('127.0.0.1:8080'),
            token: secret,
            maxBodyBytes: { type: 'integer', minimum: 1024, maximum: 1073741824, default: 10485760 },
          },
        },
        elasticsearch: {
          type: 'object',
          additionalProperties: false,
          required: ['node'],
          ...esConnectionRules,
          properties: {
            node: url,
            ...esConnection,
            index: { type: 'string', minLength: 1, default: 'logs-*' },
            pollInterval: duration('1s'),
            safetyDelay: duration('2s'),
            batchSize: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
            timestampField: { type: 'string', minLength: 1, default: '@timestamp' },
            tiebreakerField: { type: 'string', minLength: 1, default: 'event.id' },
            startFrom: { type: 'string', enum: ['now', 'beginning'], default: 'now' },
          },
        },
      },
    },
    state: {
      type: 'object',
      additionalProperties: false,
      maxProperties: 1,
      default: {},
      properties: {
        sqlite: {
          type: 'object',
          additionalProperties: false,
          properties: { path: { type: 'string', minLength: 1, default: './forwarder.db' } },
        },
        elasticsearch: {
          type: 'object',
          additionalProperties: false,
          required: ['node'],
          ...esConnectionRules,
          properties: {
            node: url,
            ...esConnection,
            indexPrefix: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$', default: 'kansoku-forwarder' },
            path: { type: 'string', minLength: 1, default: './forwarder.db' },
            claimLease: duration(
              '2m',
              'A replica whose heartbeat is older than this is dead: the alerts it had not delivered are taken over by another replica.',
            ),
            claimRecheck: duration('2s', 'How often each replica looks for undelivered alerts of dead replicas.'),
          },
        },
      },
    },
    detection: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        minLevel: { type: 'string', enum: ['warn', 'error', 'fatal'], default: 'error' },
        include: { type: 'array', items: rule, default: [] },
        exclude: { type: 'array', items: rule, default: [] },
      },
    },
    grouping: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        realertAfter: duration('30m'),
        newErrorAfter: duration('7d'),
        window: duration('5m'),
        spikeFactor: { type: 'number', minimum: 1, default: 5 },
        spikeMinCount: { type: 'integer', minimum: 1, default: 20 },
        spikeBaselineWindows: { type: 'integer', minimum: 1, maximum: 1000, default: 12 },
        maxGroupsInMemory: { type: 'integer', minimum: 100, default: 20000 },
        eventIdRetention: duration('24h'),
        inAppExclude: { ...strings, default: [] },
      },
    },
    notify: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        digest: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: { type: 'boolean', default: false },
            interval: duration('1m'),
            minAlerts: { type: 'integer', minimum: 2, default: 5 },
          },
        },
        silences: {
          type: 'array',
          default: [],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['match'],
            properties: {
              match: SILENCE_MATCH_SCHEMA,
              until: { type: 'string', format: 'date-time' },
              comment: { type: 'string' },
            },
          },
        },
        giveUpAfter: duration('24h'),
      },
    },
    sinks: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        slack: {
          type: 'object',
          additionalProperties: false,
          required: ['webhookUrl'],
          properties: {
            webhookUrl: { ...url, secret: true },
            minInterval: duration('1s'),
          },
        },
        webhook: {
          type: 'object',
          additionalProperties: false,
          required: ['url'],
          properties: { url, secret },
        },
        alertmanager: {
          type: 'object',
          additionalProperties: false,
          required: ['url'],
          properties: {
            url,
            resendInterval: duration('1m'),
            resolveAfter: duration('10m'),
            resolvedResendFor: duration('5m'),
          },
        },
      },
    },
    links: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        discover: url,
        discoverIndexPattern: { type: 'string', minLength: 1 },
        trace: { type: 'string', pattern: '\\{traceId\\}' },
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { listen: listen('127.0.0.1:9465') },
    },
    log: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { level: { type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' } },
    },
  },
} as const;
