// The OTLP/gRPC exporter end to end: spans exported to a real Jaeger and read back through
// its api/v3 (OTLP JSON) must equal what was sent, field by field; against an in-process fake
// collector: headers arrive as metadata, partial success is reported, gRPC failures reject
// with the status and endpoint but never a header value; and the response decoder on
// hand-built bytes, including malformed ones.
import assert from 'node:assert/strict';
import { createServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { type JaegerService, startJaeger, waitForOtlpTrace } from '../../test/services/jaeger.js';
import { isInstalled } from '../../test/services/paths.js';
import type { FinishedSpan } from '../src/tracing/finished-span.js';
import { decodeExportResponse } from '../src/tracing/otlp/decode-response.js';
import { createTraceEncoder } from '../src/tracing/otlp/encode-traces.js';
import type { RetryPolicy } from '../src/tracing/otlp/export-retry.js';
import { createOtlpGrpcExporter } from '../src/tracing/otlp/grpc-exporter.js';
import { exportInChild } from './helpers/export-in-child.js';
import { featureSpans } from './helpers/finished-spans.js';
import { expectedSpan, fromOtlpJson, jsonAttributes, orderFree } from './helpers/otlp-canonical.js';
import { encodeResponse, type PbRequest, TRACE_SERVICE } from './helpers/otlp-proto.js';
import { closedPort } from './helpers/ports.js';

const skip = isInstalled('jaeger') ? false : 'Jaeger is not installed (bash test/services/install.sh)';
const RESOURCE = { 'service.name': 'otlp-exporter-test', 'service.version': '9.9.9', 'host.name': 'hôte-1' };
const SCOPE = { name: '@kansoku/instrumentation', version: '0.1.0' };
const SECRET = 'Bearer s3cr3t-never-in-messages';
const encoder = createTraceEncoder(RESOURCE, SCOPE);
/** What the batch processor hands the exporter: the spans encoded into one request. */
const batch = (spans: FinishedSpan[]) => ({ request: encoder.encode(spans), spanCount: spans.length });

test('spans exported to a real Jaeger read back identical, field by field', { skip }, async (t) => {
  let jaeger: JaegerService | undefined;
  jaeger = await startJaeger();
  const exporter = createOtlpGrpcExporter({
    endpoint: `http://${jaeger.otlpGrpcEndpoint}`,
    headers: { authorization: SECRET },
    timeoutMs: 10_000,
  });
  t.after(async () => {
    await exporter.shutdown();
    await jaeger?.stop();
  });

  // Two traces in two exports through the same exporter (its writer and channel are reused).
  const first = featureSpans(11, 300);
  const second = featureSpans(12, 40);
  assert.deepEqual(await exporter.export(batch(first.spans)), { rejectedSpans: 0, message: undefined });
  assert.deepEqual(await exporter.export(batch(second.spans)), { rejectedSpans: 0, message: undefined });

  for (const { traceId, spans } of [first, second]) {
    const trace = await waitForOtlpTrace(jaeger, traceId, spans.length);
    const received = new Map<string, ReturnType<typeof fromOtlpJson>>();
    for (const resourceSpans of trace.resourceSpans) {
      assert.deepEqual(
        Object.fromEntries(jsonAttributes(resourceSpans.resource?.attributes)),
        Object.fromEntries(Object.entries(RESOURCE).map(([k, v]) => [k, { string: v }])),
      );
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        assert.deepEqual(scopeSpans.scope, SCOPE);
        for (const span of scopeSpans.spans ?? []) received.set(span.spanId, fromOtlpJson(span));
      }
    }
    assert.equal(received.size, spans.length);
    for (const span of spans) {
      assert.deepEqual(
        orderFree(received.get(span.spanId) ?? ({} as never)),
        orderFree(expectedSpan(span)),
        `span ${span.spanId} (${span.name.slice(0, 20)})`,
      );
    }
  }
});

interface FakeCollector {
  endpoint: string;
  requests: { request: PbRequest; metadata: grpc.Metadata }[];
  stop(): Promise<void>;
}

/** A TraceService whose Export answers with `respond` (the response object, or a gRPC error). */
async function fakeCollector(
  respond: () =>
    | { partial_success?: { rejected_spans: number; error_message: string } }
    | grpc.ServiceError
    | 'hang'
    | 'slow',
  port = 0,
): Promise<FakeCollector> {
  const server = new grpc.Server();
  const requests: FakeCollector['requests'] = [];
  server.addService(TRACE_SERVICE, {
    Export(call: grpc.ServerUnaryCall<PbRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
      requests.push({ request: call.request, metadata: call.metadata });
      const answer = respond();
      if (answer === 'hang') return;
      // Answers after the exporting process has nothing else to wait for.
      if (answer === 'slow') {
        setTimeout(() => callback(null, {}), 500);
        return;
      }
      if (answer instanceof Error) callback(answer);
      else callback(null, answer);
    },
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  return { endpoint: `http://127.0.0.1:${bound}`, requests, stop: async () => server.forceShutdown() };
}

function exporterFor(endpoint: string, timeoutMs = 10_000, retry?: RetryPolicy) {
  return createOtlpGrpcExporter({
    endpoint,
    headers: { authorization: SECRET, 'x-tenant': 'team-a' },
    timeoutMs,
    ...(retry && { retry }),
  });
}

const someSpans = (n: number): FinishedSpan[] => featureSpans(21, n).spans;

describe('against a fake collector', () => {
  test('sends the request with the headers as metadata and reads a partial success', async (t) => {
    let answer: { partial_success?: { rejected_spans: number; error_message: string } } = {};
    const collector = await fakeCollector(() => answer);
    const exporter = exporterFor(collector.endpoint);
    t.after(async () => {
      await exporter.shutdown();
      await collector.stop();
    });

    assert.deepEqual(await exporter.export(batch(someSpans(3))), { rejectedSpans: 0, message: undefined });
    answer = { partial_success: { rejected_spans: 2, error_message: 'span name too long: ü' } };
    assert.deepEqual(await exporter.export(batch(someSpans(5))), {
      rejectedSpans: 2,
      message: 'span name too long: ü',
    });

    assert.equal(collector.requests.length, 2);
    const [firstCall, secondCall] = collector.requests;
    assert.deepEqual(firstCall?.metadata.get('authorization'), [SECRET]);
    assert.deepEqual(firstCall?.metadata.get('x-tenant'), ['team-a']);
    assert.deepEqual(secondCall?.metadata.get('x-tenant'), ['team-a']);
    assert.equal(firstCall?.request.resource_spans[0]?.scope_spans[0]?.spans.length, 3);
    assert.equal(secondCall?.request.resource_spans[0]?.scope_spans[0]?.spans.length, 5);
  });

  test('a gRPC error rejects with its status, details and the endpoint, never a header value', async (t) => {
    const collector = await fakeCollector(() =>
      Object.assign(new Error('unavailable'), {
        code: grpc.status.UNAVAILABLE,
        details: 'collector overloaded',
        metadata: new grpc.Metadata(),
      }),
    );
    const exporter = exporterFor(collector.endpoint);
    t.after(async () => {
      await exporter.shutdown();
      await collector.stop();
    });
    await assert.rejects(exporter.export(batch(someSpans(2))), (error: Error) => {
      assert.match(error.message, /UNAVAILABLE/);
      assert.match(error.message, /collector overloaded/);
      assert.ok(error.message.includes(collector.endpoint), error.message);
      assert.ok(!error.message.includes('s3cr3t'), error.message);
      assert.equal((error as Error & { code?: number }).code, grpc.status.UNAVAILABLE);
      return true;
    });
  });

  test('a collector that does not answer in timeoutMs gives DEADLINE_EXCEEDED', async (t) => {
    const collector = await fakeCollector(() => 'hang');
    const exporter = exporterFor(collector.endpoint, 200);
    t.after(async () => {
      await exporter.shutdown();
      await collector.stop();
    });
    await assert.rejects(exporter.export(batch(someSpans(1))), /127\.0\.0\.1:\d+ failed with DEADLINE_EXCEEDED/);
  });

  test('a collector that restarts is reached again: the next export opens a new connection', async (t) => {
    const first = await fakeCollector(() => ({}));
    const exporter = exporterFor(first.endpoint, 5_000);
    t.after(() => exporter.shutdown());
    assert.deepEqual(await exporter.export(batch(someSpans(1))), { rejectedSpans: 0, message: undefined });
    await first.stop();
    await assert.rejects(exporter.export(batch(someSpans(1))), /UNAVAILABLE/);
    const port = Number(first.endpoint.slice(first.endpoint.lastIndexOf(':') + 1));
    const second = await fakeCollector(() => ({}), port);
    t.after(() => second.stop());
    assert.deepEqual(await exporter.export(batch(someSpans(2))), { rejectedSpans: 0, message: undefined });
    assert.equal(second.requests.length, 1);
  });

  test('a call in flight keeps the process alive until the collector answers; an idle exporter does not', async (t) => {
    const collector = await fakeCollector(() => 'slow');
    t.after(() => collector.stop());
    assert.equal(await exportInChild(collector.endpoint, 'grpc'), 'exported {"rejectedSpans":0}');
    assert.equal(collector.requests.length, 1);
  });

  test('export after shutdown rejects without sending', async (t) => {
    const collector = await fakeCollector(() => ({}));
    const exporter = exporterFor(collector.endpoint);
    t.after(() => collector.stop());
    await exporter.shutdown();
    await exporter.shutdown();
    await assert.rejects(exporter.export(batch(someSpans(1))), /shut down/);
    assert.equal(collector.requests.length, 0);
  });
});

test('a closed port rejects with UNAVAILABLE and the endpoint', async (t) => {
  const port = await closedPort();
  // Refused connections are retryable (the collector may be restarting): with a first backoff
  // longer than the timeout, the exporter gives up after the first refusal and says so. The
  // timeout is long so that a loaded machine still sees the refusal before it (with 1 s, CI
  // under load saw only the cancellation).
  const retry = { initialBackoffMs: 60_000, maxBackoffMs: 60_000, multiplier: 1, jitter: 0 };
  const exporter = exporterFor(`http://127.0.0.1:${port}`, 10_000, retry);
  t.after(() => exporter.shutdown());
  await assert.rejects(exporter.export(batch(someSpans(1))), (error: Error) => {
    assert.ok(error.message.includes(`http://127.0.0.1:${port}`), error.message);
    assert.match(error.message, /UNAVAILABLE.* \(gave up after 1 attempt: the next retry/);
    assert.ok(!error.message.includes('s3cr3t'), error.message);
    return true;
  });
});

describe('decodeExportResponse', () => {
  const bytes = (...values: number[]) => Buffer.from(values);
  const ascii = (text: string) => [...Buffer.from(text)];

  test('empty means all accepted', () => {
    assert.deepEqual(decodeExportResponse(Buffer.alloc(0)), { rejectedSpans: 0, message: undefined });
    // partial_success present but empty (0a 00)
    assert.deepEqual(decodeExportResponse(bytes(0x0a, 0x00)), { rejectedSpans: 0, message: undefined });
  });

  test('rejected_spans (int64, up to 2^53) and error_message', () => {
    // 0a 07 | 08 05 | 12 03 'b' 'a' 'd'
    assert.deepEqual(decodeExportResponse(bytes(0x0a, 0x07, 0x08, 0x05, 0x12, 0x03, ...ascii('bad'))), {
      rejectedSpans: 5,
      message: 'bad',
    });
    // rejected_spans = 2^32 (80 80 80 80 10) and 300 (ac 02)
    assert.deepEqual(decodeExportResponse(bytes(0x0a, 0x06, 0x08, 0x80, 0x80, 0x80, 0x80, 0x10)), {
      rejectedSpans: 2 ** 32,
      message: undefined,
    });
    assert.deepEqual(decodeExportResponse(bytes(0x0a, 0x03, 0x08, 0xac, 0x02)), {
      rejectedSpans: 300,
      message: undefined,
    });
    // ff ff ff ff ff ff ff 0f = 2^53 - 1
    assert.deepEqual(
      decodeExportResponse(bytes(0x0a, 0x09, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f)).rejectedSpans,
      Number.MAX_SAFE_INTEGER,
    );
  });

  test('unknown fields of every wire type are skipped, at both levels', () => {
    const partial = [
      0x18,
      0x01, // field 3 varint
      0x21,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8, // field 4 fixed64
      0x2d,
      1,
      2,
      3,
      4, // field 5 fixed32
      0x32,
      0x02,
      0x41,
      0x42, // field 6 bytes
      0x08,
      0x07, // rejected_spans = 7
      0x12,
      0x02,
      ...ascii('ok'),
    ];
    const response = bytes(0x10, 0x96, 0x01, 0x1a, 0x01, 0x00, 0x0a, partial.length, ...partial, 0x25, 0, 0, 0, 0);
    assert.deepEqual(decodeExportResponse(response), { rejectedSpans: 7, message: 'ok' });
  });

  test('what protobufjs encodes decodes the same', () => {
    const encoded = encodeResponse({
      partial_success: { rejected_spans: 12_345, error_message: 'größe überschritten' },
    });
    assert.deepEqual(decodeExportResponse(encoded), { rejectedSpans: 12_345, message: 'größe überschritten' });
  });

  test('malformed bytes give a clear Error', () => {
    const cases: [string, Buffer][] = [
      ['a truncated key varint', bytes(0x80)],
      ['a length past the end', bytes(0x0a, 0x05, 0x08)],
      ['a truncated nested varint', bytes(0x0a, 0x02, 0x08, 0x80)],
      ['a varint of 11 bytes', bytes(0x08, ...new Array(10).fill(0xff), 0x01)],
      ['a group wire type', bytes(0x0b)],
      ['field number 0', bytes(0x00, 0x00)],
      ['a truncated fixed64', bytes(0x11, 1, 2, 3)],
    ];
    for (const [name, input] of cases) {
      assert.throws(() => decodeExportResponse(input), /malformed OTLP ExportTraceServiceResponse/, name);
    }
  });
});

describe('compression gzip', () => {
  test('the message is gzipped with the compressed flag and grpc-encoding; a gzipped answer is read', async (t) => {
    // A bare HTTP/2 server, to see the bytes on the wire (a grpc-js server would hide them).
    const seen: { encoding?: string; flag?: number; message?: Buffer } = {};
    const server = createServer();
    server.on('stream', (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.encoding = String(headers['grpc-encoding']);
        seen.flag = body[0];
        seen.message = body.subarray(5, 5 + body.readUInt32BE(1));
        const answer = gzipSync(
          encodeResponse({ partial_success: { rejected_spans: 1, error_message: 'one too many' } }),
        );
        const prefix = Buffer.from([1, 0, 0, 0, 0]);
        prefix.writeUInt32BE(answer.length, 1);
        stream.respond(
          { ':status': 200, 'content-type': 'application/grpc', 'grpc-encoding': 'gzip' },
          { waitForTrailers: true },
        );
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.concat([prefix, answer]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const exporter = createOtlpGrpcExporter({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      headers: {},
      timeoutMs: 5_000,
      compression: 'gzip',
    });
    t.after(async () => {
      await exporter.shutdown();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const spans = someSpans(50);
    const request = encoder.encode(spans);
    assert.deepEqual(await exporter.export({ request, spanCount: spans.length }), {
      rejectedSpans: 1,
      message: 'one too many',
    });
    assert.equal(seen.encoding, 'gzip');
    assert.equal(seen.flag, 1);
    assert.ok((seen.message?.length ?? 0) < request.length, 'the message is smaller than the request');
    assert.deepEqual(gunzipSync(seen.message ?? Buffer.alloc(0)), request);
  });

  test('gzipped exports reach a real Jaeger over OTLP/gRPC', { skip }, async (t) => {
    const jaeger = await startJaeger();
    const exporter = createOtlpGrpcExporter({
      endpoint: `http://${jaeger.otlpGrpcEndpoint}`,
      headers: {},
      timeoutMs: 10_000,
      compression: 'gzip',
    });
    t.after(async () => {
      await exporter.shutdown();
      await jaeger.stop();
    });
    const { traceId, spans } = featureSpans(13, 40);
    assert.deepEqual(await exporter.export(batch(spans)), { rejectedSpans: 0, message: undefined });
    await waitForOtlpTrace(jaeger, traceId, spans.length);
  });
});
