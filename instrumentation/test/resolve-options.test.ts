// Options are checked once, at construction, and every problem is named in one error;
// the OpenTelemetry environment variables fill what the options leave out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createObservability, ERROR_CODES, InvalidOptionsError } from '../src/index.js';
import { DEFAULT_BUCKETS, resolveOptions } from '../src/resolve-options.js';

test('one error lists every problem, with its path', () => {
  let caught: unknown;
  try {
    createObservability({
      env: {},
      metrics: { port: 70000, buckets: [1, 0.5], conventions: 'prom' as never, bogus: 1 } as never,
      tracing: { sampleRatio: 2, maxQueueSize: 10, maxExportBatchSize: 20 },
      logging: { level: 'loud' as never, accessLog: { successSampleRatio: -1 } },
      exclude: { methods: 'all' as never },
    });
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof InvalidOptionsError);
  assert.equal(caught.code, ERROR_CODES.options);
  const expected = [
    /options\.serviceName is required/,
    /options\.metrics\.bogus is not a known option/,
    /options\.metrics\.port must be an integer from 0 to 65535, got number 70000/,
    /options\.metrics\.conventions must be one of grpc, otel, both/,
    /options\.metrics\.buckets must be a non-empty array of finite numbers in increasing order/,
    /options\.tracing\.sampleRatio must be a number from 0 to 1/,
    /maxExportBatchSize \(20\) must not exceed maxQueueSize \(10\)/,
    /options\.logging\.accessLog\.successSampleRatio must be a number from 0 to 1/,
    /options\.logging\.level must be one of/,
    /options\.exclude\.methods must be an array of non-empty strings/,
  ];
  assert.equal(caught.problems.length, expected.length, caught.message);
  for (const pattern of expected)
    assert.ok(
      caught.problems.some((p) => pattern.test(p)),
      `${pattern} in\n${caught.message}`,
    );
});

test('defaults: port 9464, go-grpc-middleware families with DefBuckets, no tracing without an endpoint', () => {
  const r = resolveOptions({ serviceName: 'svc', env: {} });
  assert.equal(r.metrics.port, 9464);
  assert.equal(r.metrics.grpc, true);
  assert.equal(r.metrics.otel, false);
  assert.deepEqual(r.metrics.buckets, DEFAULT_BUCKETS);
  assert.equal(r.tracing, false);
  assert.deepEqual(r.exclude, { health: true, reflection: true, methods: [] });
});

test('OTEL_* variables: service name, endpoint (turns tracing on), sampler, resource attributes', () => {
  const r = resolveOptions({
    env: {
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.version=2.0.0,team=a%20b',
      OTEL_SEMCONV_STABILITY_OPT_IN: 'rpc/dup',
    },
  });
  assert.equal(r.serviceName, 'from-env');
  assert.equal(r.serviceVersion, '2.0.0');
  assert.ok(r.tracing);
  assert.equal(r.tracing.endpoint, 'http://collector:4317');
  assert.deepEqual(r.tracing.sampler, { ratio: 0.25, parentBased: true });
  assert.deepEqual(r.resourceAttributes, { 'deployment.environment': 'prod', team: 'a b' });
  assert.equal(r.metrics.grpc && r.metrics.otel, true);
});

test('options win over the environment, and tracing: false wins over an endpoint in it', () => {
  const env = {
    OTEL_SERVICE_NAME: 'env',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4317',
    OTEL_TRACES_SAMPLER: 'always_off',
  };
  const r = resolveOptions({ serviceName: 'code', tracing: { sampleRatio: 0.5 }, env });
  assert.equal(r.serviceName, 'code');
  assert.ok(r.tracing);
  // Without a scheme, a gRPC endpoint uses TLS unless insecure is set (the OTLP exporter specification).
  assert.equal(r.tracing.endpoint, 'https://collector:4317');
  assert.deepEqual(r.tracing.sampler, { ratio: 0.5, parentBased: true });
  assert.equal(resolveOptions({ serviceName: 'code', tracing: false, env }).tracing, false);
  assert.equal(resolveOptions({ serviceName: 'code', env: { ...env, OTEL_SDK_DISABLED: 'true' } }).tracing, false);
});

test('a bad OTEL_TRACES_SAMPLER is a problem like any other', () => {
  assert.throws(
    () =>
      resolveOptions({
        serviceName: 's',
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_TRACES_SAMPLER: 'sometimes' },
      }),
    /OTEL_TRACES_SAMPLER "sometimes" is not supported/,
  );
});

test('Kubernetes downward-API variables become k8s.* resource attributes', () => {
  const r = resolveOptions({
    serviceName: 's',
    env: { K8S_POD_NAME: 'shop-7d9', POD_NAMESPACE: 'prod', NODE_NAME: 'node-a' },
  });
  assert.deepEqual(r.resourceAttributes, {
    'k8s.pod.name': 'shop-7d9',
    'k8s.namespace.name': 'prod',
    'k8s.node.name': 'node-a',
  });
});

test('metadata label names are checked against Prometheus rules and the reserved labels', () => {
  assert.throws(
    () =>
      resolveOptions({
        serviceName: 's',
        env: {},
        metrics: { metadataLabels: { grpc_code: 'x-code', 'bad-name': 'x-a', tenant: 'X-Tenant' } },
      }),
    (err: InvalidOptionsError) =>
      err.problems.length === 3 &&
      err.problems.some((p) => p.includes('"grpc_code"')) &&
      err.problems.some((p) => p.includes('"bad-name"')) &&
      err.problems.some((p) => p.includes('metadataLabels.tenant')),
  );
});

test('a redaction path pino cannot parse is one of the listed problems, not a pino error', () => {
  assert.throws(
    () =>
      createObservability({
        serviceName: 's',
        env: {},
        metrics: false,
        logging: { redact: ['user.password', 'a..b', 'headers['], level: 'loud' as never },
      }),
    (err: unknown) =>
      err instanceof InvalidOptionsError &&
      err.problems.length === 3 &&
      err.problems.some((p) => p.includes('"a..b"')) &&
      err.problems.some((p) => p.includes('"headers["')) &&
      err.problems.some((p) => p.includes('options.logging.level')),
  );
});

test('metadata labels may not take the names of the OpenTelemetry families either', () => {
  assert.throws(
    () =>
      resolveOptions({
        serviceName: 's',
        env: {},
        metrics: { conventions: 'both', metadataLabels: { rpc_method: 'x-a', error_type: 'x-b', tenant: 'x-tenant' } },
      }),
    (err: InvalidOptionsError) =>
      err.problems.length === 2 &&
      err.problems.some((p) => p.includes('"rpc_method"')) &&
      err.problems.some((p) => p.includes('"error_type"')),
  );
});

test('excluded methods must be full paths or services; a path without its leading slash would match nothing', () => {
  assert.throws(
    () =>
      resolveOptions({
        serviceName: 's',
        env: {},
        exclude: { methods: ['/shop.Shop/GetProduct', 'shop.Admin', 'shop.Shop/PlaceOrder', '/shop.Shop'] },
      }),
    (err: InvalidOptionsError) =>
      err.problems.length === 2 &&
      err.problems.some((p) => p.includes('"shop.Shop/PlaceOrder"')) &&
      err.problems.some((p) => p.includes('"/shop.Shop"')),
  );
});

/** The resolved tracing settings, which the test expects to be on. */
function tracingOf(resolved: ReturnType<typeof resolveOptions>) {
  assert.ok(resolved.tracing, 'tracing is on');
  return resolved.tracing;
}

test('http/protobuf: OTEL_EXPORTER_OTLP_ENDPOINT is a base that v1/traces is appended to, the TRACES one a whole URL', () => {
  const base = resolveOptions({
    serviceName: 's',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
  });
  assert.ok(base.tracing);
  assert.equal(base.tracing.protocol, 'http/protobuf');
  assert.equal(base.tracing.endpoint, 'http://collector:4318/v1/traces');
  const whole = resolveOptions({
    serviceName: 's',
    env: {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://gw.example/otlp/traces',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    },
  });
  assert.equal(tracingOf(whole).endpoint, 'https://gw.example/otlp/traces');
  assert.equal(tracingOf(whole).protocol, 'http/protobuf');
  // gRPC takes the base as host and port; the option wins over the environment.
  const grpc = resolveOptions({
    serviceName: 's',
    tracing: { protocol: 'grpc' },
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
  });
  assert.equal(tracingOf(grpc).endpoint, 'http://collector:4317');
  const defaults = resolveOptions({ serviceName: 's', tracing: { protocol: 'http/protobuf' }, env: {} });
  assert.equal(tracingOf(defaults).endpoint, 'http://localhost:4318/v1/traces');
});

test('an unsupported OTLP protocol, in the option or the environment, is a listed problem', () => {
  assert.throws(
    () => resolveOptions({ serviceName: 's', tracing: { protocol: 'http/json' as never }, env: {} }),
    /options\.tracing\.protocol must be one of grpc, http\/protobuf, got "http\/json"/,
  );
  assert.throws(
    () =>
      resolveOptions({
        serviceName: 's',
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      }),
    /OTEL_EXPORTER_OTLP_PROTOCOL "http\/json" is not supported/,
  );
});

test('export headers come from the option or OTEL_EXPORTER_OTLP_HEADERS; bad ones are problems that never quote a value', () => {
  const fromEnv = resolveOptions({
    serviceName: 's',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_HEADERS: 'Api-Key=s%3Dcret, x-team = a ' },
  });
  assert.deepEqual(tracingOf(fromEnv).headers, { 'api-key': 's=cret', 'x-team': 'a' });
  let message = '';
  try {
    resolveOptions({
      serviceName: 's',
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'authorization=Bearer%20topsecret,broken-pair-topsecret',
      },
    });
  } catch (err) {
    message = (err as Error).message;
  }
  assert.match(message, /OTEL_EXPORTER_OTLP_TRACES_HEADERS: pair 2 is not key=value/);
  assert.doesNotMatch(message, /topsecret/);
  assert.throws(
    () =>
      resolveOptions({ serviceName: 's', tracing: { headers: { 'grpc-timeout': '1S', ok: 'line\nbreak' } }, env: {} }),
    (err: Error) =>
      /"grpc-timeout" is not a usable header name/.test(err.message) &&
      /the value of "ok" must be a string of printable ASCII/.test(err.message) &&
      !err.message.includes('line'),
  );
});

// --- the export path: exporter, batch processor and span limit options and variables ---

test('OTEL_SDK_DISABLED=true turns tracing off even when it is configured in code', () => {
  const env = { OTEL_SDK_DISABLED: 'true' };
  assert.equal(resolveOptions({ serviceName: 's', tracing: { endpoint: 'http://c:4317' }, env }).tracing, false);
  assert.ok(resolveOptions({ serviceName: 's', tracing: { endpoint: 'http://c:4317' }, env: {} }).tracing);
});

test('exporter and batch settings: defaults, the environment, and options winning over it', () => {
  const defaults = resolveOptions({ serviceName: 's', tracing: {}, env: {} }).tracing;
  assert.ok(defaults);
  assert.deepEqual(
    [defaults.timeoutMs, defaults.exportTimeoutMs, defaults.compression, defaults.tls, defaults.endpoint],
    [10_000, 30_000, 'none', undefined, 'http://localhost:4317'],
  );
  assert.equal(defaults.spanLimits.attributeValueLength, Number.POSITIVE_INFINITY);
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317',
    OTEL_EXPORTER_OTLP_INSECURE: 'true',
    OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
    OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_BSP_EXPORT_TIMEOUT: '5000',
    OTEL_BSP_MAX_QUEUE_SIZE: '100',
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50',
    OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '16',
  };
  const fromEnv = resolveOptions({ serviceName: 's', env }).tracing;
  assert.ok(fromEnv);
  assert.deepEqual(
    [
      fromEnv.endpoint,
      fromEnv.timeoutMs,
      fromEnv.compression,
      fromEnv.scheduledDelayMs,
      fromEnv.exportTimeoutMs,
      fromEnv.maxQueueSize,
      fromEnv.maxExportBatchSize,
      fromEnv.spanLimits.attributeValueLength,
    ],
    ['http://collector:4317', 2000, 'gzip', 100, 5000, 100, 50, 16],
  );
  const code = resolveOptions({
    serviceName: 's',
    env,
    tracing: {
      insecure: false,
      timeoutMs: 700,
      compression: 'none',
      maxQueueSize: 10,
      maxExportBatchSize: 5,
      spanLimits: { attributeValueLength: 8, events: 3 },
    },
  }).tracing;
  assert.ok(code);
  assert.deepEqual(
    [code.endpoint, code.timeoutMs, code.compression, code.maxQueueSize, code.maxExportBatchSize],
    ['https://collector:4317', 700, 'none', 10, 5],
  );
  assert.deepEqual([code.spanLimits.attributeValueLength, code.spanLimits.events, code.spanLimits.links], [8, 3, 128]);
  // http:// and https:// decide whatever insecure says.
  const explicit = resolveOptions({
    serviceName: 's',
    env: {},
    tracing: { endpoint: 'https://c:4317', insecure: true },
  });
  assert.ok(explicit.tracing);
  assert.equal(explicit.tracing.endpoint, 'https://c:4317');
});

test('bad export options and variables are listed problems; a TLS option given a file name says so', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  assert.throws(
    () =>
      resolveOptions({
        serviceName: 's',
        env: { OTEL_BSP_MAX_QUEUE_SIZE: 'lots', OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'br' },
        tracing: {
          timeoutMs: 0,
          compression: 'zip' as never,
          insecure: 'yes' as never,
          tls: { ca: '/etc/ssl/ca.pem', cert: pem },
          spanLimits: { attributeValueLength: -1, bogus: 1 } as never,
        },
      }),
    (err: InvalidOptionsError) => {
      const expected = [
        'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION must be gzip or none, got "br"',
        'OTEL_BSP_MAX_QUEUE_SIZE must be an integer from 1 to 1000000, got "lots"',
        "options.tracing.tls.ca must be PEM text (-----BEGIN …), as a string or Buffer: it looks like a file name; pass the file's contents",
        'options.tracing.tls.cert and options.tracing.tls.key must be given together',
        'options.tracing.spanLimits.bogus is not a known option (known: attributeValueLength, attributes, events, links, attributesPerEvent, attributesPerLink)',
        'options.tracing.spanLimits.attributeValueLength must be an integer from 0 to 1000000000, got number -1',
        'options.tracing.timeoutMs must be an integer from 1 to 3600000, got number 0',
        'options.tracing.compression must be one of gzip, none, got "zip"',
        'options.tracing.insecure must be true or false, got "yes"',
      ];
      assert.deepEqual([...err.problems].sort(), expected.sort());
      assert.ok(!err.message.includes('MIIB'), 'certificate contents are not quoted');
      return true;
    },
  );
});
