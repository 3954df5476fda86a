// TLS to a real Jaeger whose OTLP receivers use a certificate made in the test (openssl):
// with the right CA the export succeeds over gRPC and HTTP; without it, it fails at once with
// a message that says TLS failed and where to look (not retried: retrying cannot fix it).
// With a receiver that requires client certificates: the right client certificate, given in
// code or through OTEL_EXPORTER_OTLP_CERTIFICATE / _CLIENT_CERTIFICATE / _CLIENT_KEY, gets
// spans through; none, or one signed by another CA, fails clearly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type JaegerService, startJaeger, waitForOtlpTrace } from '../../test/services/jaeger.js';
import { isInstalled } from '../../test/services/paths.js';
import type { FinishedSpan } from '../src/tracing/finished-span.js';
import { createTraceEncoder } from '../src/tracing/otlp/encode-traces.js';
import { createOtlpGrpcExporter } from '../src/tracing/otlp/grpc-exporter.js';
import { createOtlpHttpExporter } from '../src/tracing/otlp/http-exporter.js';
import type { OtlpTls } from '../src/tracing/otlp/tls.js';
import { makeTestCertificates, type TestCertificates } from './helpers/certificates.js';
import { featureSpans } from './helpers/finished-spans.js';
import { observe } from './helpers/observe.js';

const skip = isInstalled('jaeger') ? false : 'Jaeger is not installed (bash test/services/install.sh)';
const encoder = createTraceEncoder({ 'service.name': 'tls-test' }, { name: 'test', version: '0' });
const batch = (spans: FinishedSpan[]) => ({ request: encoder.encode(spans), spanCount: spans.length });
const TLS_FAILED = /TLS failed \([A-Z0-9_]+\): check the collector's certificate/;

function exporters(jaeger: JaegerService, tls: OtlpTls) {
  return {
    grpc: createOtlpGrpcExporter({
      endpoint: `https://${jaeger.otlpGrpcEndpoint}`,
      headers: {},
      timeoutMs: 10_000,
      tls,
    }),
    http: createOtlpHttpExporter({ url: jaeger.otlpHttpTracesUrl, headers: {}, timeoutMs: 10_000, tls }),
  };
}

/** Exports one trace through each of gRPC and HTTP and reads both back from Jaeger. */
async function exportsReachJaeger(jaeger: JaegerService, tls: OtlpTls, seed: number): Promise<void> {
  const both = exporters(jaeger, tls);
  try {
    for (const [i, exporter] of [both.grpc, both.http].entries()) {
      const { traceId, spans } = featureSpans(seed + i, 3);
      assert.deepEqual(await exporter.export(batch(spans)), { rejectedSpans: 0, message: undefined });
      await waitForOtlpTrace(jaeger, traceId, spans.length);
    }
  } finally {
    await both.grpc.shutdown();
    await both.http.shutdown();
  }
}

async function exportsFail(jaeger: JaegerService, tls: OtlpTls, pattern: RegExp): Promise<void> {
  const both = exporters(jaeger, tls);
  try {
    for (const exporter of [both.grpc, both.http]) {
      await assert.rejects(exporter.export(batch(featureSpans(99, 1).spans)), (error: Error) => {
        assert.match(error.message, pattern);
        assert.doesNotMatch(error.message, /gave up after/, 'a TLS failure is not retried');
        return true;
      });
    }
  } finally {
    await both.grpc.shutdown();
    await both.http.shutdown();
  }
}

describe('server TLS', { skip }, () => {
  let certs: TestCertificates;
  let jaeger: JaegerService;
  before(async () => {
    certs = makeTestCertificates();
    jaeger = await startJaeger({ tls: { certFile: certs.server.certFile, keyFile: certs.server.keyFile } });
  });
  after(async () => {
    await jaeger?.stop();
    certs?.cleanup();
  });

  test('with the CA that signed the collector certificate, gRPC and HTTP exports reach Jaeger', async () => {
    await exportsReachJaeger(jaeger, { ca: certs.ca.cert }, 61);
  });

  test('with the system CAs, or another CA, the export fails at once saying TLS failed', async () => {
    await exportsFail(jaeger, {}, TLS_FAILED);
    await exportsFail(jaeger, { ca: certs.otherCa.cert }, TLS_FAILED);
  });
});

describe('mutual TLS', { skip }, () => {
  let certs: TestCertificates;
  let jaeger: JaegerService;
  before(async () => {
    certs = makeTestCertificates();
    jaeger = await startJaeger({
      tls: { certFile: certs.server.certFile, keyFile: certs.server.keyFile, clientCaFile: certs.ca.certFile },
    });
  });
  after(async () => {
    await jaeger?.stop();
    certs?.cleanup();
  });

  test('the right client certificate gets spans through', async () => {
    await exportsReachJaeger(jaeger, { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key }, 71);
  });

  test('no client certificate, or one signed by another CA, fails clearly', async () => {
    await exportsFail(jaeger, { ca: certs.ca.cert }, TLS_FAILED);
    await exportsFail(
      jaeger,
      { ca: certs.ca.cert, cert: certs.otherClient.cert, key: certs.otherClient.key },
      TLS_FAILED,
    );
  });

  test('the OTEL_EXPORTER_OTLP_* certificate variables configure a service', async (t) => {
    const { obs } = observe({
      serviceName: 'mtls-env-test',
      tracing: { scheduledDelayMs: 50 },
      env: {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `https://${jaeger.otlpGrpcEndpoint}`,
        OTEL_EXPORTER_OTLP_CERTIFICATE: certs.ca.certFile,
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.client.certFile,
        OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.client.keyFile,
      },
    });
    t.after(() => obs.shutdown());
    const span = obs.tracer?.startSpan('over mutual TLS');
    assert.ok(span);
    span.end();
    await obs.flush();
    const found = await waitForOtlpTrace(jaeger, span.spanContext().traceId, 1);
    const names = found.resourceSpans.flatMap((rs) => rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? []);
    assert.deepEqual(
      names.map((s) => s.name),
      ['over mutual TLS'],
    );
  });
});
