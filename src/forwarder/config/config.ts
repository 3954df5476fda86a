// The forwarder's configuration once loaded and validated: durations in milliseconds,
// listen addresses split, exactly one state backend. Everything downstream reads this.

export interface ListenAddress {
  host: string;
  port: number;
}

export interface MatchRule {
  namespace?: string[];
  service?: string[];
  /** A regular expression tested against the message (and the error message). */
  message?: string;
}

export interface SilenceMatch {
  fingerprint?: string;
  service?: string;
  namespace?: string;
  message?: string;
}

/** Basic authentication for Elasticsearch, as the official client takes it. */
export interface ElasticsearchAuth {
  username: string;
  password: string;
}

/** How to reach an Elasticsearch: its URL, credentials (secrets) and the CA's PEM text. */
export interface ElasticsearchConnection {
  node: string;
  auth?: ElasticsearchAuth | { apiKey: string };
  /** The PEM text of `caFile`, read at load time. */
  ca?: string;
}

export interface ForwarderConfig {
  inputs: {
    http?: { listen: ListenAddress; token: string; maxBodyBytes: number };
    elasticsearch?: ElasticsearchConnection & {
      index: string;
      pollIntervalMs: number;
      safetyDelayMs: number;
      batchSize: number;
      timestampField: string;
      tiebreakerField: string;
      startFrom: 'now' | 'beginning';
    };
  };
  state:
    | { sqlite: { path: string } }
    | {
        elasticsearch: ElasticsearchConnection & {
          indexPrefix: string;
          path: string;
          claimLeaseMs: number;
          claimRecheckMs: number;
        };
      };
  detection: { minLevel: 'warn' | 'error' | 'fatal'; include: MatchRule[]; exclude: MatchRule[] };
  grouping: {
    realertAfterMs: number;
    newErrorAfterMs: number;
    windowMs: number;
    spikeFactor: number;
    spikeMinCount: number;
    spikeBaselineWindows: number;
    maxGroupsInMemory: number;
    eventIdRetentionMs: number;
    inAppExclude: string[];
  };
  notify: {
    digest: { enabled: boolean; intervalMs: number; minAlerts: number };
    silences: { match: SilenceMatch; until?: string; comment?: string }[];
    giveUpAfterMs: number;
  };
  sinks: {
    slack?: { webhookUrl: string; minIntervalMs: number };
    webhook?: { url: string; secret?: string };
    alertmanager?: { url: string; resendIntervalMs: number; resolveAfterMs: number; resolvedResendForMs: number };
  };
  links: { discover?: string; discoverIndexPattern?: string; trace?: string };
  metrics: { listen: ListenAddress };
  log: { level: 'debug' | 'info' | 'warn' | 'error' };
}

export type SinkName = keyof ForwarderConfig['sinks'];
export const SINK_NAMES: readonly SinkName[] = ['slack', 'webhook', 'alertmanager'];
