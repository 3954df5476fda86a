// startDemo: the instrumented example shop and its instrumented load generator, in one
// process on loopback ports chosen by the system. The shop and the load generator are two
// services, each with its own createObservability, so traces cross a service boundary.
import * as grpc from '@grpc/grpc-js';
import { createObservability, METRICS, type Observability, type ObservabilityOptions } from '@kansoku/instrumentation';
import type { DestinationStream } from 'pino';
import { type LoadDriver, startLoad } from './load.js';
import { loadShop } from './proto.js';
import { seededRandom } from './random.js';
import { RecentLatencies } from './recent-latencies.js';
import { shopImplementation } from './shop-service.js';
import { CallTally } from './tally.js';

export const DEMO_SERVICE_NAME = 'kansoku-demo-shop';
export const DEMO_LOADGEN_NAME = 'kansoku-demo-loadgen';
/** How long stop() lets calls the demo did not make finish before closing their connections. */
export const STOP_GRACE_MS = 2_000;

export interface DemoOptions {
  /** Port of the shop's gRPC server; 0 (default) takes any free port. */
  grpcPort?: number;
  /** Port of the shop's /metrics; 0 (default) takes any free port. */
  metricsPort?: number;
  /** Interface both listen on. Default 127.0.0.1. */
  host?: string;
  /** OTLP/gRPC endpoint for both services' spans; no tracing when absent. */
  tracingEndpoint?: string;
  /** Where both services' log lines go. Default stdout. */
  logDestination?: DestinationStream;
  /** Calls per second the load generator starts; 0 starts none. Default 20. */
  rate?: number;
  /** The load generator stops after this many calls. Default: runs until stop(). */
  calls?: number;
  /** Seed of the demo's randomness (latencies, failures). Default 1. */
  seed?: number;
  /** Share of successful calls in the access log. Default 1. */
  accessLogSuccessRatio?: number;
}

export interface Demo {
  /** host:port of the shop's gRPC server. */
  grpcAddress: string;
  /** The shop's /metrics URL. */
  metricsUrl: string;
  /** The load generator's /metrics URL (its client-side metrics). */
  loadgenMetricsUrl: string;
  /** The shop's and the load generator's observability, for tests that look inside. */
  shop: Observability;
  loadgen: Observability;
  /** Resolves when `calls` calls have ended (with no `calls`, only after stop()). */
  loadDone: Promise<void>;
  /** Every call made to the shop (by the load generator and by the shop itself), per method and code, as the caller saw it. */
  calls(): Record<string, Record<string, number>>;
  /** What the live summary shows, now. */
  stats(): Promise<DemoStats>;
  /** Stops the load (waiting for calls in flight), the server, and flushes spans and logs. */
  stop(): Promise<void>;
}

export interface DemoStats {
  /** Calls made so far (the load generator's and the shop's own). */
  calls: number;
  /** Of those, the ones that did not end OK, by code (Go spelling). */
  failuresByCode: Record<string, number>;
  /** p99 duration of the load generator's calls that ended in the last 10 s; undefined when none did. */
  p99Ms: number | undefined;
  /** Spans both services' exporters delivered; undefined when tracing is off. */
  spansExported: number | undefined;
}

async function counterTotal(obs: Observability, name: string): Promise<number> {
  const metric = obs.registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const host = options.host ?? '127.0.0.1';
  const random = seededRandom(options.seed ?? 1);
  const tally = new CallTally();
  const latencies = new RecentLatencies();
  const common = (serviceName: string, metricsPort: number): ObservabilityOptions => ({
    serviceName,
    serviceVersion: '1.0.0',
    metrics: { port: metricsPort, host },
    tracing: options.tracingEndpoint
      ? { endpoint: options.tracingEndpoint, sampleRatio: 1, scheduledDelayMs: 200 }
      : false,
    logging: {
      destination: options.logDestination,
      accessLog: { successSampleRatio: options.accessLogSuccessRatio ?? 1 },
    },
    // The demo is configured here, not by whatever OTEL_* the shell has.
    env: {},
  });
  const shop = createObservability(common(DEMO_SERVICE_NAME, options.metricsPort ?? 0));
  const loadgen = createObservability(common(DEMO_LOADGEN_NAME, 0));
  const { service, Client } = loadShop();

  const server = new grpc.Server({ interceptors: shop.serverInterceptors });
  let selfClient: grpc.Client | undefined;
  let loadClient: grpc.Client | undefined;
  // A start that fails half-way must not leave a bound server or endpoint holding the process open.
  const abandon = async (err: unknown): Promise<never> => {
    loadClient?.close();
    selfClient?.close();
    server.forceShutdown();
    await Promise.all([loadgen.shutdown(), shop.shutdown()]);
    throw err;
  };
  server.addService(
    service,
    shopImplementation({
      logger: shop.logger,
      random,
      tally,
      client: () => selfClient as never,
    }),
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.grpcPort ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  ).catch(abandon);
  const grpcAddress = `${host}:${port}`;
  selfClient = new Client(grpcAddress, grpc.credentials.createInsecure(), { interceptors: shop.clientInterceptors });
  loadClient = new Client(grpcAddress, grpc.credentials.createInsecure(), {
    interceptors: loadgen.clientInterceptors,
  });

  const [shopAddress, loadgenAddress] = await Promise.all([shop.ready, loadgen.ready]);
  if (!shopAddress.metricsUrl || !loadgenAddress.metricsUrl) {
    await abandon(new Error('the demo could not open its metrics endpoints (see the log line above)'));
  }
  const metricsUrl = shopAddress.metricsUrl as string;
  const loadgenMetricsUrl = loadgenAddress.metricsUrl as string;

  const rate = options.rate ?? 20;
  const load: LoadDriver | undefined =
    rate > 0
      ? startLoad({ client: loadClient as never, random, tally, rate, calls: options.calls, latencies })
      : undefined;
  const client = loadClient;

  let stopping: Promise<void> | undefined;
  return {
    grpcAddress,
    metricsUrl,
    loadgenMetricsUrl,
    shop,
    loadgen,
    loadDone: load?.done ?? Promise.resolve(),
    calls: () => tally.snapshot(),
    async stats() {
      let calls = 0;
      const failuresByCode: Record<string, number> = {};
      for (const byCode of Object.values(tally.snapshot()))
        for (const [code, n] of Object.entries(byCode)) {
          calls += n;
          if (code !== 'OK') failuresByCode[code] = (failuresByCode[code] ?? 0) + n;
        }
      const spansExported = options.tracingEndpoint
        ? (await counterTotal(shop, METRICS.spansExported.name)) +
          (await counterTotal(loadgen, METRICS.spansExported.name))
        : undefined;
      return { calls, failuresByCode, p99Ms: latencies.quantile(0.99), spansExported };
    },
    stop() {
      stopping ??= (async () => {
        await load?.stop();
        client.close();
        // A caller of its own (grpcurl, a test) may hold a stream open: give it a moment, then cut it.
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.forceShutdown(), STOP_GRACE_MS);
          server.tryShutdown(() => {
            clearTimeout(force);
            resolve();
          });
        });
        selfClient?.close();
        await Promise.all([loadgen.shutdown(), shop.shutdown()]);
      })();
      return stopping;
    },
  };
}
