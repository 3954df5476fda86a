// The batch processor's bounds: a full queue drops and counts, a failed export drops and
// counts its batch, spans the collector rejects are counted, a span that cannot be encoded
// is dropped alone, unsampled spans never enter, and flushing exports everything queued.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { BoundedBatchSpanProcessor, type DropReason } from '../src/tracing/bounded-batch-processor.js';
import type { FinishedSpan, SpanExporter } from '../src/tracing/finished-span.js';
import { IdGenerator } from '../src/tracing/ids.js';
import { createTraceEncoder } from '../src/tracing/otlp/encode-traces.js';
import { createSampler } from '../src/tracing/sampler.js';
import { DEFAULT_SPAN_LIMITS } from '../src/tracing/span.js';
import { KansokuTracer } from '../src/tracing/tracer.js';
import { memoryExporter } from './helpers/memory-exporter.js';

const ACCEPTED = { rejectedSpans: 0, message: undefined };

// The processor's timers are unref'd (spans must not keep a service alive); here nothing
// else holds the event loop open while a test waits on them.
const keepAlive = setInterval(() => {}, 1_000);
after(() => clearInterval(keepAlive));

function harness(
  exporter: SpanExporter,
  settings: Partial<ConstructorParameters<typeof BoundedBatchSpanProcessor>[2]> = {},
  sampled = true,
) {
  const drops: Record<string, number> = {};
  const exported = { spans: 0 };
  const errors: unknown[] = [];
  const encoder = createTraceEncoder({ 'service.name': 'test' }, { name: 'test', version: '0' });
  const processor = new BoundedBatchSpanProcessor(encoder, exporter, {
    maxQueueSize: 4,
    maxExportBatchSize: 2,
    scheduledDelayMs: 60_000,
    exportTimeoutMs: 1_000,
    onDrop: (reason: DropReason, count: number) => {
      drops[reason] = (drops[reason] ?? 0) + count;
    },
    onExported: (count: number) => {
      exported.spans += count;
    },
    onExportError: (err: unknown) => errors.push(err),
    ...settings,
  });
  const tracer = new KansokuTracer({
    ids: new IdGenerator(),
    sampler: createSampler({ ratio: sampled ? 1 : 0, parentBased: false }),
    limits: DEFAULT_SPAN_LIMITS,
    sink: processor.onEnd,
  });
  const end = (n: number) => {
    for (let i = 0; i < n; i++) tracer.startSpan(`s${i}`).end();
  };
  return { processor, end, drops, errors, exported };
}

/** An exporter that holds every export until released, like a collector that is slow to answer. */
function stalledExporter() {
  const pending: (() => void)[] = [];
  const exported = { spans: 0 };
  const exporter: SpanExporter = {
    export(batch) {
      return new Promise((resolve) => {
        pending.push(() => {
          exported.spans += batch.spanCount;
          resolve(ACCEPTED);
        });
      });
    },
    shutdown: async () => {},
  };
  return {
    exporter,
    exported,
    release: () => {
      for (const f of pending.splice(0)) f();
    },
  };
}

test('a full queue drops spans and counts them as queue_full', async () => {
  const { exporter, exported, release } = stalledExporter();
  const { processor, end, drops } = harness(exporter);
  // Spans ended in one go: 4 fill the queue, the other 5 are dropped.
  end(9);
  assert.equal(drops.queue_full, 5);
  // The first batch of 2 is now stalled in export; 2 more fit, 1 is dropped.
  await new Promise((resolve) => setTimeout(resolve, 20));
  end(3);
  assert.equal(drops.queue_full, 6);
  const flushed = processor.forceFlush();
  const releaser = setInterval(release, 5);
  await flushed;
  clearInterval(releaser);
  assert.equal(exported.spans, 6);
  assert.equal(drops.export_failed, undefined);
});

test('a failed export counts its batch as export_failed and reports the error', async () => {
  const failing: SpanExporter = {
    export: async () => {
      throw new Error('collector down');
    },
    shutdown: async () => {},
  };
  const { processor, end, drops, errors } = harness(failing);
  end(3);
  await processor.forceFlush();
  assert.equal(drops.export_failed, 3);
  assert.equal((errors[0] as Error).message, 'collector down');
});

test('an export that never answers times out and counts as export_failed', async () => {
  const silent: SpanExporter = { export: () => new Promise(() => {}), shutdown: async () => {} };
  const { processor, end, drops, errors } = harness(silent, { exportTimeoutMs: 30 });
  end(1);
  await processor.forceFlush();
  assert.equal(drops.export_failed, 1);
  assert.match(String(errors[0]), /timed out after 30 ms/);
});

test("at the export timeout the exporter's signal fires, so it can cancel the request in flight", async () => {
  let seen: AbortSignal | undefined;
  const exporter: SpanExporter = {
    export(_batch, signal) {
      seen = signal;
      return new Promise(() => {});
    },
    shutdown: async () => {},
  };
  const { processor, end, drops } = harness(exporter, { exportTimeoutMs: 50 });
  end(2);
  await processor.forceFlush();
  assert.equal(seen?.aborted, true);
  assert.equal(drops.export_failed, 2);
});

test('spans the collector rejects (an OTLP partial success) are counted as rejected and reported', async () => {
  const partial: SpanExporter = {
    export: async () => ({ rejectedSpans: 2, message: 'attribute too long' }),
    shutdown: async () => {},
  };
  const { processor, end, drops, errors, exported } = harness(partial);
  end(3);
  await processor.forceFlush();
  // Batches of 2 and 1: a receiver claiming more rejections than the batch held counts the batch.
  assert.equal(drops.rejected, 3);
  assert.equal(exported.spans, 0);
  assert.equal(drops.export_failed, undefined);
  assert.match(String(errors[0]), /rejected 2 of 2 spans: attribute too long/);
  assert.match(String(errors[1]), /rejected 1 of 1 spans/);
});

test('an exporter that throws instead of rejecting counts its batch as export_failed', async () => {
  const throwing: SpanExporter = {
    export: () => {
      throw new Error('bad state');
    },
    shutdown: async () => {},
  };
  const { processor, end, drops } = harness(throwing);
  end(1);
  await processor.forceFlush();
  assert.equal(drops.export_failed, 1);
});

test('a span that cannot be encoded is dropped and reported alone; the rest of its batch is exported', async () => {
  const exporter = memoryExporter();
  const { processor, end, drops, errors } = harness(exporter, { maxExportBatchSize: 10 });
  end(1);
  const broken = {
    get name() {
      return 'broken';
    },
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    sharedAttributes: {
      get boom(): string {
        throw new Error('an attribute getter threw');
      },
    },
  } as unknown as FinishedSpan;
  processor.onEnd(broken);
  end(1);
  await processor.forceFlush();
  assert.equal(drops.export_failed, 1);
  assert.match(String(errors[0]), /encoding span "broken" failed/);
  assert.deepEqual(
    exporter.spans().map((s) => s.name),
    ['s0', 's0'],
  );
});

test('unsampled spans are never queued; spans ended after shutdown are counted', async () => {
  const exporter = memoryExporter();
  const off = harness(exporter, {}, false);
  off.end(5);
  await off.processor.forceFlush();
  assert.equal(exporter.spans().length, 0);
  const on = harness(memoryExporter());
  await on.processor.shutdown();
  on.end(2);
  assert.equal(on.drops.shutdown, 2);
});

test('the scheduled delay exports a partial batch without a flush', async () => {
  const exporter = memoryExporter();
  const { end, exported } = harness(exporter, { scheduledDelayMs: 10 });
  end(1);
  for (let i = 0; i < 100 && exporter.spans().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(exporter.spans().length, 1);
  assert.equal(exported.spans, 1);
});

test('exported spans are counted once the receiver accepted them, less the ones it rejected', async () => {
  let rejectedSpans = 0;
  const partial: SpanExporter = {
    export: async () => ({ rejectedSpans, message: rejectedSpans > 0 ? 'too long' : undefined }),
    shutdown: async () => {},
  };
  const { processor, end, exported, drops } = harness(partial, { maxQueueSize: 100 });
  end(5);
  await processor.forceFlush();
  assert.equal(exported.spans, 5);
  rejectedSpans = 1;
  end(4);
  await processor.forceFlush();
  // Two batches of 2, one span of each rejected.
  assert.equal(exported.spans, 7);
  assert.equal(drops.rejected, 2);
});

test('a flush under steady load ends: it exports what was queued, not what keeps arriving', async () => {
  let more: (() => void) | undefined;
  let exported = 0;
  const busy: SpanExporter = {
    export(batch) {
      exported += batch.spanCount;
      more?.(); // the service keeps ending spans while each export is under way
      return new Promise((resolve) => setTimeout(() => resolve(ACCEPTED), 1));
    },
    shutdown: async () => {},
  };
  const { processor, end } = harness(busy, { maxQueueSize: 100 });
  more = () => end(2);
  end(4);
  const flushed = await Promise.race([
    processor.forceFlush().then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 2_000)),
  ]);
  more = undefined;
  assert.equal(flushed, true, `still flushing after ${exported} spans`);
  assert.ok(exported >= 4);
});
