// What every fixture service must show after one call of each type through kansoku's
// server and client interceptors: the grpc_* families on /metrics for both sides, a log
// line written inside each handler that carries the call's trace id, and that trace in the
// real Jaeger with the client span and the server span of the call.
import assert from 'node:assert/strict';
import { GRPC_LABELS, type GrpcType, LOG_FIELDS, METRICS } from '@kansoku/instrumentation';
import type { JaegerService } from '../../services/jaeger.js';

export const FIXTURE_SERVICE = 'kansoku.fixture.Echo';
/** The fixture Echo service's methods (one of each call type) and their grpc_type. */
export const ECHO_METHODS: Record<string, GrpcType> = {
  Unary: 'unary',
  ClientStream: 'client_stream',
  ServerStream: 'server_stream',
  Bidi: 'bidi_stream',
};

/** The value of the first sample of `family` whose labels include all of `labels`. */
export function sampleValue(exposition: string, family: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${family}{`)) continue;
    const end = line.indexOf('} ');
    const [series, value] = [line.slice(0, end + 1), line.slice(end + 2)];
    if (Object.entries(labels).every(([name, v]) => series.includes(`${name}="${v}"`))) {
      return Number(value.split(' ')[0]);
    }
  }
  return undefined;
}

export interface ObservedFixture {
  report: { metricsUrl: string };
  logLines(): Record<string, unknown>[];
}

/** The handler log lines, one per method, once all were written (pino writes asynchronously). */
async function handlerLines(fixture: ObservedFixture, count: number): Promise<Map<string, Record<string, unknown>>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines = new Map<string, Record<string, unknown>>();
    for (const line of fixture.logLines()) {
      const method = (line.fixture as { method?: string } | undefined)?.method;
      if (method) lines.set(method, line);
    }
    if (lines.size >= count || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function assertObservedCalls(
  fixture: ObservedFixture,
  jaeger: JaegerService,
  serviceName: string,
  methods: Record<string, GrpcType> = ECHO_METHODS,
): Promise<void> {
  const exposition = await (await fetch(fixture.report.metricsUrl)).text();
  for (const family of [METRICS.serverHandled.name, METRICS.clientHandled.name]) {
    for (const [method, type] of Object.entries(methods)) {
      const labels = {
        [GRPC_LABELS.type]: type,
        [GRPC_LABELS.service]: FIXTURE_SERVICE,
        [GRPC_LABELS.method]: method,
        [GRPC_LABELS.code]: 'OK',
      };
      assert.equal(sampleValue(exposition, family, labels), 1, `${family} ${JSON.stringify(labels)} on /metrics`);
    }
  }

  const lines = await handlerLines(fixture, Object.keys(methods).length);
  assert.deepEqual([...lines.keys()].sort(), Object.keys(methods).sort(), 'one handler log line per method');
  for (const [method, line] of lines) {
    const traceId = line[LOG_FIELDS.traceId.name];
    assert.match(String(traceId), /^[0-9a-f]{32}$/, `${method}: the handler's log line carries a trace id`);
    const trace = await jaeger.waitForTrace(String(traceId), 2);
    const kinds = trace.spans
      .filter((span) => span.operationName === `${FIXTURE_SERVICE}/${method}`)
      .map((span) => span.tags.find((tag) => tag.key === 'span.kind')?.value)
      .sort();
    assert.deepEqual(
      kinds,
      ['client', 'server'],
      `${method}: trace ${traceId} in Jaeger has the client and server span`,
    );
    const services = new Set(trace.spans.map((span) => trace.processes[span.processID]?.serviceName));
    assert.deepEqual([...services], [serviceName], `${method}: spans come from ${serviceName}`);
  }
}
