// Retries of the OTLP exporters, per the OTLP exporter specification. A real Jaeger cannot be
// made to answer RESOURCE_EXHAUSTED with a RetryInfo, HTTP 503 with Retry-After, or one
// chosen failure after another, so these tests use scripted collectors (a grpc-js server
// with the TraceService definition, a node:http server); the collector restart against the
// real Jaeger is in otlp-export.test.ts. The initial backoff is made short (10 ms) so that a
// retry arriving only after the delay the collector asked for shows that delay was honoured.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { createTraceEncoder } from '../src/tracing/otlp/encode-traces.js';
import { startDeadline } from '../src/tracing/otlp/export-deadline.js';
import {
  DEFAULT_RETRY_POLICY,
  ExportAttemptError,
  type RetryPolicy,
  withRetries,
} from '../src/tracing/otlp/export-retry.js';
import { createOtlpGrpcExporter } from '../src/tracing/otlp/grpc-exporter.js';
import { createOtlpHttpExporter } from '../src/tracing/otlp/http-exporter.js';
import { featureSpans } from './helpers/finished-spans.js';
import {
  type GrpcAnswer,
  type HttpAnswer,
  scriptedGrpcCollector,
  scriptedHttpCollector,
  statusWithRetryInfo,
} from './helpers/scripted-collectors.js';

const FAST: RetryPolicy = { initialBackoffMs: 10, maxBackoffMs: 40, multiplier: 1.5, jitter: 0.2 };
const encoder = createTraceEncoder({ 'service.name': 'retry-test' }, { name: 'test', version: '0' });
const batch = () => {
  const { spans } = featureSpans(31, 3);
  return { request: encoder.encode(spans), spanCount: spans.length };
};
const OK = { rejectedSpans: 0, message: undefined };

async function grpcExport(t: { after(fn: () => Promise<void>): void }, answers: GrpcAnswer[], timeoutMs = 10_000) {
  const collector = await scriptedGrpcCollector(answers);
  const exporter = createOtlpGrpcExporter({ endpoint: collector.endpoint, headers: {}, timeoutMs, retry: FAST });
  t.after(async () => {
    await exporter.shutdown();
    await collector.stop();
  });
  return { collector, result: exporter.export(batch()) };
}

async function httpExport(t: { after(fn: () => Promise<void>): void }, answers: HttpAnswer[], timeoutMs = 10_000) {
  const collector = await scriptedHttpCollector(answers);
  const exporter = createOtlpHttpExporter({ url: collector.endpoint, headers: {}, timeoutMs, retry: FAST });
  t.after(async () => {
    await exporter.shutdown();
    await collector.stop();
  });
  return { collector, result: exporter.export(batch()) };
}

describe('OTLP/gRPC', () => {
  test('RESOURCE_EXHAUSTED with a RetryInfo is retried after the delay it gives', async (t) => {
    const { collector, result } = await grpcExport(t, [
      { code: grpc.status.RESOURCE_EXHAUSTED, details: 'queue full', statusDetailsBin: statusWithRetryInfo(8, 600) },
      'ok',
    ]);
    assert.deepEqual(await result, OK);
    const [first, second] = collector.arrivals;
    assert.equal(collector.arrivals.length, 2);
    assert.ok((second?.at ?? 0) - (first?.at ?? 0) >= 590, 'the retry came before the delay the collector asked for');
  });

  test('RESOURCE_EXHAUSTED without a RetryInfo is not retried', async (t) => {
    const { collector, result } = await grpcExport(t, [{ code: grpc.status.RESOURCE_EXHAUSTED, details: 'quota' }]);
    await assert.rejects(result, /RESOURCE_EXHAUSTED: quota$/);
    assert.equal(collector.arrivals.length, 1);
  });

  test('UNAVAILABLE, ABORTED, DEADLINE_EXCEEDED, DATA_LOSS are retried with backoff until one succeeds', async (t) => {
    const { collector, result } = await grpcExport(t, [
      { code: grpc.status.UNAVAILABLE },
      { code: grpc.status.ABORTED },
      { code: grpc.status.DEADLINE_EXCEEDED },
      { code: grpc.status.DATA_LOSS },
      'ok',
    ]);
    assert.deepEqual(await result, OK);
    assert.equal(collector.arrivals.length, 5);
  });

  test('a code the specification does not call retryable fails at once, with its status', async (t) => {
    for (const code of [grpc.status.INVALID_ARGUMENT, grpc.status.UNAUTHENTICATED, grpc.status.PERMISSION_DENIED]) {
      const { collector, result } = await grpcExport(t, [{ code, details: 'no' }]);
      await assert.rejects(result, (error: ExportAttemptError) => {
        assert.equal(error.code, code);
        assert.match(error.message, /failed with [A-Z_]+: no$/);
        return true;
      });
      assert.equal(collector.arrivals.length, 1, `code ${code}`);
    }
  });

  test('a RetryInfo delay past the export timeout gives up at once and says why', async (t) => {
    const { collector, result } = await grpcExport(
      t,
      [{ code: grpc.status.UNAVAILABLE, statusDetailsBin: statusWithRetryInfo(14, 5_000) }],
      1_000,
    );
    await assert.rejects(
      result,
      /UNAVAILABLE.*gave up after 1 attempt: the next retry, in 5000 ms, would pass the export timeout/,
    );
    assert.equal(collector.arrivals.length, 1);
  });
});

describe('OTLP/HTTP', () => {
  test('503 with Retry-After (seconds) is retried after that delay', async (t) => {
    const { collector, result } = await httpExport(t, [
      { status: 503, headers: { 'retry-after': '1' }, body: 'restarting' },
      'ok',
    ]);
    assert.deepEqual(await result, OK);
    const [first, second] = collector.arrivals;
    assert.equal(collector.arrivals.length, 2);
    assert.ok((second?.at ?? 0) - (first?.at ?? 0) >= 990, 'the retry came before Retry-After');
  });

  test('429, 502 and 504 are retried; 400 is not', async (t) => {
    const retried = await httpExport(t, [{ status: 429 }, { status: 502 }, { status: 504 }, 'ok']);
    assert.deepEqual(await retried.result, OK);
    assert.equal(retried.collector.arrivals.length, 4);
    const refused = await httpExport(t, [{ status: 400, body: 'bad protobuf' }]);
    await assert.rejects(refused.result, /failed with HTTP 400: bad protobuf$/);
    assert.equal(refused.collector.arrivals.length, 1);
  });

  test('retries stop at the export timeout; the error counts the attempts', async (t) => {
    const { collector, result } = await httpExport(t, [{ status: 503 }], 1_000);
    // Either the next retry would pass the timeout, or the timeout cancels an attempt.
    await assert.rejects(
      result,
      /\(gave up after \d+ attempts: (the next retry, in \d+ ms, would pass the export timeout|no answer within the export timeout of 1000 ms)\)$/,
    );
    assert.ok(collector.arrivals.length >= 2, `${collector.arrivals.length} attempts`);
  });
});

describe('withRetries', () => {
  test('a retry cut off by the deadline reports the failure before it, not the cancellation', async () => {
    const deadline = startDeadline(200, undefined);
    let attempts = 0;
    const result = withRetries(
      () => {
        attempts++;
        if (attempts === 1)
          return Promise.reject(new ExportAttemptError('failed with UNAVAILABLE: refused', true, 0, 14));
        // The second attempt hangs until the deadline cancels it, as a slow connect does (its
        // timer stands in for the socket that keeps the process alive meanwhile).
        return new Promise((_, reject) => {
          const socket = setTimeout(() => {}, 10_000);
          deadline.signal.addEventListener('abort', () => {
            clearTimeout(socket);
            reject(new ExportAttemptError('failed with DEADLINE_EXCEEDED: cancelled', false, undefined, 4));
          });
        });
      },
      deadline,
      DEFAULT_RETRY_POLICY,
    );
    await assert.rejects(result, (error: ExportAttemptError) => {
      assert.equal(error.code, 14);
      assert.equal(
        error.message,
        'failed with UNAVAILABLE: refused (gave up after 2 attempts: no answer within the export timeout of 200 ms)',
      );
      return true;
    });
    deadline.dispose();
  });

  test('backoff grows by the multiplier, with jitter, up to the maximum', async () => {
    const policy: RetryPolicy = { initialBackoffMs: 20, maxBackoffMs: 60, multiplier: 2, jitter: 0.2 };
    const times: number[] = [];
    const deadline = startDeadline(10_000, undefined);
    const outcome = await withRetries(
      async () => {
        times.push(Date.now());
        if (times.length < 5) throw new ExportAttemptError('flaky', true, undefined, 14);
        return OK;
      },
      deadline,
      policy,
    );
    deadline.dispose();
    assert.deepEqual(outcome, OK);
    const gaps = times.slice(1).map((at, i) => at - (times[i] as number));
    // 20, 40, then capped at 60 (twice), each at least 80 % of its step.
    for (const [i, step] of [20, 40, 60, 60].entries()) {
      assert.ok((gaps[i] ?? 0) >= step * 0.8 - 1, `gap ${i}: ${gaps[i]} ms`);
    }
  });

  test('an error that is not an ExportAttemptError, or not retryable, is not retried', async () => {
    for (const error of [new Error('bug'), new ExportAttemptError('no', false, undefined, 3)]) {
      let calls = 0;
      const deadline = startDeadline(10_000, undefined);
      await assert.rejects(
        withRetries(
          async () => {
            calls++;
            throw error;
          },
          deadline,
          FAST,
        ),
        (thrown) => thrown === error,
      );
      deadline.dispose();
      assert.equal(calls, 1);
    }
  });
});
