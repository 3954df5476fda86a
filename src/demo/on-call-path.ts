// The on-call path of the demo, end to end against a real Elasticsearch: the log indices set
// up by `kansoku es setup`'s code, the services' log lines shipped into them in the shape
// Fluentd gives them, the error-alert forwarder polling them, and its generic webhook
// reaching a local receiver that hands each alert to the demo to print.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import type { DestinationStream } from 'pino';
import { stringify } from 'yaml';
import { elasticsearchClientOptions } from '../elasticsearch/client-options.js';
import { setupLogIndices } from '../elasticsearch/log-index-setup.js';
import { DEFAULT_LOG_TEMPLATE_OPTIONS } from '../elasticsearch/log-templates.js';
import { loadConfig } from '../forwarder/config/load.js';
import { type Forwarder, startForwarder } from '../forwarder/forwarder.js';
import { createForwarderLogger } from '../forwarder/logger.js';
import type { Alert } from '../forwarder/model/alert.js';
import { ContainerLogShipper, LOG_INDEX_PREFIX, type ShippingCounts } from './container-log-shipper.js';
import { libraryInAppExclude } from './library-frames.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

export interface OnCallPathOptions {
  elasticsearchUrl: string;
  /** The forwarder's state file and the received alerts go here. */
  runDir: string;
  /** The forwarder's own log lines. */
  logDestination: DestinationStream;
  /** service.name → container name, for each service whose lines are shipped. */
  containers: Record<string, string>;
  /** The alert's trace link, with {traceId} (the demo's Jaeger UI). */
  traceLink?: string;
  /** Each alert as the webhook receiver accepted it. */
  onAlert(alert: Alert): void;
  /** The forwarder's poll interval and safety delay. Default 1s each. */
  pollInterval?: string;
  /** The forwarder's realert interval and count window. Default 1m each: a few minutes of demo show recurring alerts. */
  realertAfter?: string;
}

export interface OnCallPath {
  /** Takes every log line of the services (the demo tees its log output into it). */
  ship(line: string): void;
  forwarderMetricsUrl: string;
  receiverUrl: string;
  /** Where the received alerts are written, one JSON line each. */
  alertsFile: string;
  alertsReceived(): number;
  shipped(): ShippingCounts;
  /** Sends the last lines, lets the forwarder read them, stops it and the receiver. */
  stop(): Promise<void>;
}

export async function startOnCallPath(options: OnCallPathOptions): Promise<OnCallPath> {
  const client = new Client(elasticsearchClientOptions({ node: options.elasticsearchUrl, requestTimeout: 30_000 }));
  const stops: (() => Promise<void>)[] = [() => client.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0)) await stop().catch(() => {});
  };
  try {
    await setupLogIndices(client, DEFAULT_LOG_TEMPLATE_OPTIONS);
    const alertsFile = join(options.runDir, 'alerts.jsonl');
    // A fresh secret per run: the receiver takes only what this forwarder signed.
    const secret = randomBytes(32).toString('hex');
    const receiver: WebhookReceiver = await startWebhookReceiver({ secret, alertsFile, onAlert: options.onAlert });
    stops.unshift(() => receiver.close());
    const config = loadConfig({
      text: stringify({
        inputs: {
          elasticsearch: {
            node: options.elasticsearchUrl,
            index: `${LOG_INDEX_PREFIX}-*`,
            pollInterval: options.pollInterval ?? '1s',
            safetyDelay: options.pollInterval ?? '1s',
          },
        },
        state: { sqlite: { path: join(options.runDir, 'forwarder.db') } },
        grouping: {
          realertAfter: options.realertAfter ?? '1m',
          window: options.realertAfter ?? '1m',
          inAppExclude: libraryInAppExclude(),
        },
        sinks: { webhook: { url: receiver.url, secret } },
        ...(options.traceLink && { links: { trace: options.traceLink } }),
        metrics: { listen: '127.0.0.1:0' },
      }),
      // The demo is configured here, not by KANSOKU_FORWARDER_* in the shell.
      env: {},
    });
    const forwarder: Forwarder = await startForwarder({
      config,
      logger: createForwarderLogger(config.log.level, options.logDestination),
    });
    stops.unshift(() => forwarder.stop());
    const shipper = new ContainerLogShipper({ client, containers: options.containers });
    // The last lines go out, and the forwarder gets the time to find them (past its safety
    // delay, two polls), before it stops: an error logged just before Ctrl-C still alerts.
    const drainMs = config.inputs.elasticsearch
      ? config.inputs.elasticsearch.safetyDelayMs + 2 * config.inputs.elasticsearch.pollIntervalMs
      : 0;
    stops.unshift(async () => {
      await shipper.close();
      await new Promise((resolve) => setTimeout(resolve, drainMs));
    });
    return {
      ship: (line) => shipper.write(line),
      forwarderMetricsUrl: forwarder.metricsUrl,
      receiverUrl: receiver.url,
      alertsFile,
      alertsReceived: () => receiver.received(),
      shipped: () => shipper.shipped(),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
