// A batch of finished spans shaped like a gRPC server's calls, for the OTLP benchmarks: the
// method's rpc.* and server.* attributes shared by every call of it (FinishedSpan's
// sharedAttributes), the status code and peer per call, half with a remote parent, one in
// 16 failed. Ids are derived from `seed`, so batches with different seeds do not collide.
import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { FinishedSpan } from '../../instrumentation/src/tracing/finished-span.js';

const METHODS = ['Unary', 'Lookup', 'Update', 'List'].map(
  (method): Readonly<Attributes> => ({
    'rpc.system': 'grpc',
    'rpc.service': 'kansoku.bench.Echo',
    'rpc.method': method,
    'server.address': 'bench-echo.default.svc',
    'server.port': 50051,
  }),
);

function hex(digits: number, seed: number): string {
  let out = '';
  let x = seed;
  while (out.length < digits) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += (x >>> 8).toString(16).padStart(6, '0');
  }
  return out.slice(0, digits);
}

export function grpcServerSpans(count: number, seed = 0): FinishedSpan[] {
  const start = Date.now() + 0.123456;
  return Array.from({ length: count }, (_, n): FinishedSpan => {
    const i = n + seed;
    const failed = i % 16 === 0;
    return {
      traceId: hex(32, i + 1),
      spanId: hex(16, i + 100_000),
      parentSpanId: i % 2 === 0 ? hex(16, i + 200_000) : undefined,
      parentIsRemote: i % 2 === 0,
      traceState: undefined,
      traceFlags: 1,
      name: `kansoku.bench.Echo/${METHODS[i % METHODS.length]?.['rpc.method']}`,
      kind: SpanKind.SERVER,
      startTimeMs: start + i * 0.37,
      endTimeMs: start + i * 0.37 + 0.2113,
      sharedAttributes: METHODS[i % METHODS.length],
      attributes: {
        'rpc.grpc.status_code': failed ? 14 : 0,
        'network.peer.address': `10.1.${i % 7}.${i % 250}`,
        'network.peer.port': 40_000 + (i % 2000),
      },
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      statusCode: failed ? SpanStatusCode.ERROR : SpanStatusCode.UNSET,
      statusMessage: failed ? 'upstream unavailable' : undefined,
    };
  });
}
