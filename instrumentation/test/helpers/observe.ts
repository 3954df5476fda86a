// Test helpers: a fresh Observability with no endpoint and no stdout, its log lines
// collected, and readers of sample values from its registry.
import { Writable } from 'node:stream';
import type { TestContext } from 'node:test';
import { createObservability, type Observability, type ObservabilityOptions } from '../../src/index.js';
import { type HandlerHooks, newClient, startTestServer, type TestClientInstance } from './test-service.js';

export interface Observed {
  obs: Observability;
  lines: Record<string, unknown>[];
}

export function collectLines(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { lines, stream };
}

export function observe(options: Partial<ObservabilityOptions> = {}): Observed {
  const { lines, stream } = collectLines();
  const obs = createObservability({
    serviceName: 'test-service',
    serviceVersion: '9.9.9',
    env: {},
    tracing: false,
    ...options,
    metrics: options.metrics === false ? false : { port: false, runtimeMetrics: false, ...options.metrics },
    logging: { destination: stream as never, ...options.logging },
  });
  return { obs, lines };
}

/** The sum of the samples of `name` whose labels include `labels`. */
export async function sample(obs: Observability, name: string, labels: Record<string, string> = {}): Promise<number> {
  const families = await obs.registry.getMetricsAsJSON();
  let sum = 0;
  for (const family of families) {
    for (const value of family.values as { labels: Record<string, unknown>; value: number; metricName?: string }[]) {
      if ((value.metricName ?? family.name) !== name) continue;
      if (Object.entries(labels).every(([k, v]) => String(value.labels[k]) === v)) sum += value.value;
    }
  }
  return sum;
}

/** Label sets of the samples of `name`. */
export async function series(obs: Observability, name: string): Promise<Record<string, unknown>[]> {
  const families = await obs.registry.getMetricsAsJSON();
  return families.flatMap((family) =>
    (family.values as { labels: Record<string, unknown>; metricName?: string }[])
      .filter((v) => (v.metricName ?? family.name) === name)
      .map((v) => v.labels),
  );
}

export const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The test service on loopback with `obs`'s server interceptors and a client (with its
 * client interceptors when `instrumentClient`); client, server and `obs` close after the test.
 * `hooks` run inside each handler.
 */
export async function serve(
  t: TestContext,
  obs: Observability,
  which: { instrumentServer?: boolean; instrumentClient?: boolean; hooks?: HandlerHooks } = {},
): Promise<{ address: string; client: TestClientInstance }> {
  const server = await startTestServer(
    which.instrumentServer === false ? {} : { interceptors: obs.serverInterceptors },
    which.hooks,
  );
  const client = newClient(server.address, which.instrumentClient ? { interceptors: obs.clientInterceptors } : {});
  t.after(async () => {
    client.close();
    await server.stop();
    await obs.shutdown();
  });
  return { address: server.address, client };
}
