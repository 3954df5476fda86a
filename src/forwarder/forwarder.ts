// One running forwarder: the state store, the processor, the inputs, one delivery loop per
// sink, and the metrics endpoint, built from one validated configuration.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { ForwarderConfig, SinkName } from './config/config.js';
import { type Dispatcher, startDispatcher } from './dispatcher.js';
import { esErrorText } from './elasticsearch-client.js';
import { FORWARDER_ERROR_CODES } from './errors.js';
import { startIngestServer } from './http/ingest-server.js';
import { startMetricsServer } from './http/metrics-server.js';
import { type Poller, startPoller } from './inputs/elasticsearch-poller.js';
import { createForwarderMetrics } from './metrics.js';
import { createProcessor } from './processor.js';
import { applyConfiguredSilences } from './silences.js';
import { createAlertmanagerSink } from './sinks/alertmanager.js';
import type { Sink } from './sinks/sink.js';
import { createSlackSink } from './sinks/slack.js';
import { createWebhookSink } from './sinks/webhook.js';
import { SHARED_QUEUE, type SharedState, startSharedState } from './state/elasticsearch-shared.js';
import { SqliteStore } from './state/sqlite-store.js';

export interface ForwarderOptions {
  config: ForwarderConfig;
  logger: Logger;
  /** The clock (epoch ms); tests move it. */
  now?: () => number;
}

export interface Forwarder {
  /** Where POST /ingest listens, when the HTTP input is on. */
  ingestUrl?: string;
  metricsUrl: string;
  stop(): Promise<void>;
}

const HOUSEKEEPING_MS = 60_000;
const OUTBOX_KEPT_MS = 7 * 24 * 3600_000;

function createSinks(config: ForwarderConfig, store: SqliteStore): Sink[] {
  const sinks: Sink[] = [];
  const { slack, webhook, alertmanager } = config.sinks;
  if (slack) sinks.push(createSlackSink(slack));
  if (webhook) sinks.push(createWebhookSink(webhook));
  if (alertmanager) sinks.push(createAlertmanagerSink(alertmanager, store));
  return sinks;
}

export async function startForwarder(options: ForwarderOptions): Promise<Forwarder> {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const shared = 'elasticsearch' in config.state ? config.state.elasticsearch : undefined;
  const statePath = 'sqlite' in config.state ? config.state.sqlite.path : config.state.elasticsearch.path;
  const store = new SqliteStore(statePath);
  const servers: Server[] = [];
  const dispatchers = new Map<SinkName, Dispatcher>();
  let stopping = false;
  let poller: Poller | undefined;
  let sharedState: SharedState | undefined;
  // Inputs first (nothing new comes in), then the delivery loops (in-flight sends finish and
  // are recorded), then the shared state and the store.
  const shutdown = async () => {
    await poller?.stop();
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
    // The dispatchers record each finished delivery on the shared state: stop them before it.
    await Promise.all([...dispatchers.values()].map((d) => d.stop()));
    await sharedState?.stop();
    store.close();
  };
  let groupCount = 0;
  try {
    groupCount = store.countGroups();
    applyConfiguredSilences(store, config.notify.silences);
    const sinks = createSinks(config, store);
    const sinkNames = sinks.map((s) => s.name);
    const metrics = createForwarderMetrics({
      sinks: sinkNames,
      // Groups are never deleted: the count at start plus the ones created since.
      groups: () => groupCount,
      pending: (sink) => store.pending(sink),
    });
    // Several replicas: decided alerts go to the shared queue, settled in Elasticsearch, then to the sinks.
    if (shared)
      sharedState = await startSharedState({
        connection: shared,
        indexPrefix: shared.indexPrefix,
        leaseMs: shared.claimLeaseMs,
        recheckMs: shared.claimRecheckMs,
        realertAfterMs: config.grouping.realertAfterMs,
        giveUpAfterMs: config.notify.giveUpAfterMs,
        sinks: sinkNames,
        store,
        logger,
        now,
        onQueued: (names) => {
          for (const name of names) dispatchers.get(name)?.wake();
        },
      }).catch((err: unknown) => {
        throw new Error(
          `${FORWARDER_ERROR_CODES.state}: cannot use the shared state in Elasticsearch (${shared.indexPrefix}-*): ${esErrorText(err)}`,
        );
      });
    for (const sink of sinks)
      dispatchers.set(
        sink.name,
        startDispatcher({
          sink,
          store,
          metrics,
          logger,
          now,
          giveUpAfterMs: config.notify.giveUpAfterMs,
          digest: config.notify.digest,
          ...(sharedState && { shared: sharedState }),
          ...(config.sinks.alertmanager &&
            sink.name === 'alertmanager' && { resendIntervalMs: config.sinks.alertmanager.resendIntervalMs }),
        }),
      );
    const processor = createProcessor({
      config,
      store,
      metrics,
      sinks: sharedState ? [SHARED_QUEUE] : sinkNames,
      now,
      onCommitted: (result, names) => {
        groupCount += result.groupsCreated;
        if (sharedState && names.length > 0) sharedState.wake();
        else for (const name of names) dispatchers.get(name as SinkName)?.wake();
      },
    });

    let ingestUrl: string | undefined;
    const { http } = config.inputs;
    if (http) {
      const ingest = await startIngestServer({ ...http, processor, store, logger, now });
      servers.push(ingest.server);
      ingestUrl = ingest.url;
    }
    if (config.inputs.elasticsearch)
      poller = startPoller({
        input: config.inputs.elasticsearch,
        minLevel: config.detection.minLevel,
        processor,
        store,
        metrics,
        logger,
        now,
      });
    const metricsServer = await startMetricsServer(config.metrics.listen, metrics.registry, () => {
      const reasons = stopping ? ['stopping'] : [];
      if (poller && !poller.healthy()) reasons.push('the last Elasticsearch poll failed');
      return { ready: reasons.length === 0, reasons };
    });
    servers.push(metricsServer.server);

    const housekeeping = setInterval(() => {
      try {
        const at = now();
        store.pruneEvents(at - config.grouping.eventIdRetentionMs);
        store.pruneOutbox(at - OUTBOX_KEPT_MS);
        store.pruneSilences(at);
      } catch (err) {
        logger.error({ err }, 'housekeeping failed');
      }
    }, HOUSEKEEPING_MS);
    housekeeping.unref();

    logger.info(
      {
        ingest: ingestUrl,
        metrics: metricsServer.url,
        sinks: sinkNames,
        state: statePath,
        ...(sharedState && { shared: shared?.indexPrefix, replica: sharedState.owner }),
      },
      'forwarder started',
    );
    return {
      ...(ingestUrl && { ingestUrl }),
      metricsUrl: metricsServer.url,
      async stop() {
        stopping = true;
        clearInterval(housekeeping);
        await shutdown();
        logger.info('forwarder stopped');
      },
    };
  } catch (err) {
    await shutdown();
    throw err;
  }
}
