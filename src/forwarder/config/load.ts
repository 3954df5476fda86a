// Loading the configuration: YAML file (optional) → `${VAR}` interpolation → environment
// overrides → schema validation → the resolved ForwarderConfig. Every problem from every
// step is collected and thrown at once as a ForwarderConfigError.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { parseDuration } from '../../duration/prometheus-duration.js';
import { ForwarderConfigError } from '../errors.js';
import type { ElasticsearchConnection, ForwarderConfig, ListenAddress } from './config.js';
import { applyEnv } from './env.js';
import { interpolate } from './interpolate.js';
import { parseListen, validateRaw } from './validate.js';

export interface LoadOptions {
  /** The YAML file; without it the configuration comes from the environment alone. */
  file?: string;
  /** The YAML text itself (tests, or a file read elsewhere); wins over `file`. */
  text?: string;
  env?: NodeJS.ProcessEnv;
}

function parseYaml(text: string, source: string, problems: string[]): Record<string, unknown> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  // The first YAML error explains the rest, which are usually its consequences.
  for (const error of doc.errors.slice(0, 3)) problems.push(`${source}: ${error.message.split('\n')[0]}`);
  if (doc.errors.length > 0) return {};
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${source}: the configuration must be a mapping of settings`);
    return {};
  }
  return value as Record<string, unknown>;
}

export function loadConfig(options: LoadOptions): ForwarderConfig {
  const env = options.env ?? process.env;
  const source = options.file ?? 'the configuration';
  const problems: string[] = [];
  let text = options.text;
  if (text === undefined && options.file !== undefined) {
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (err) {
      throw new ForwarderConfigError(source, [`cannot read ${options.file}: ${(err as NodeJS.ErrnoException).code}`]);
    }
  }
  const parsed = text === undefined ? {} : parseYaml(text, source, problems);
  const raw = interpolate(parsed, env, problems) as Record<string, unknown>;
  applyEnv(raw, env, problems);
  if (validateRaw(raw, problems)) {
    const config = resolve(raw as unknown as RawConfig, problems);
    if (problems.length === 0) return config;
  }
  throw new ForwarderConfigError(source, problems);
}

interface RawConnection {
  node: string;
  username?: string;
  password?: string;
  apiKey?: string;
  caFile?: string;
}

function connection(raw: RawConnection, path: string, problems: string[]): ElasticsearchConnection {
  const { node, username, password, apiKey, caFile } = raw;
  if (apiKey !== undefined && username !== undefined)
    problems.push(`${path}: choose apiKey or username and password, not both`);
  // Credentials in the URL would end up wherever the URL is shown.
  if (new URL(node).username !== '' || new URL(node).password !== '')
    problems.push(`${path}/node: put credentials in username and password (or apiKey), not in the URL`);
  let ca: string | undefined;
  if (caFile !== undefined)
    try {
      ca = readFileSync(caFile, 'utf8');
      if (!ca.includes('-----BEGIN CERTIFICATE-----'))
        problems.push(`${path}/caFile: ${caFile} holds no PEM certificate`);
    } catch (err) {
      problems.push(`${path}/caFile: cannot read ${caFile}: ${(err as NodeJS.ErrnoException).code}`);
    }
  const auth =
    apiKey !== undefined ? { apiKey } : username !== undefined ? { username, password: password as string } : undefined;
  return { node, ...(auth && { auth }), ...(ca !== undefined && { ca }) };
}

const ms = (text: string) => Math.round((parseDuration(text) as number) * 1000);
const listen = (text: string) => parseListen(text) as ListenAddress;

// What the schema guarantees after validation with defaults filled in.
interface RawConfig {
  inputs: {
    http?: { listen: string; token: string; maxBodyBytes: number };
    elasticsearch?: RawConnection & {
      index: string;
      pollInterval: string;
      safetyDelay: string;
      batchSize: number;
      timestampField: string;
      tiebreakerField: string;
      startFrom: 'now' | 'beginning';
    };
  };
  state: {
    sqlite?: { path: string };
    elasticsearch?: RawConnection & { indexPrefix: string; path: string; claimLease: string; claimRecheck: string };
  };
  detection: ForwarderConfig['detection'];
  grouping: {
    realertAfter: string;
    newErrorAfter: string;
    window: string;
    spikeFactor: number;
    spikeMinCount: number;
    spikeBaselineWindows: number;
    maxGroupsInMemory: number;
    eventIdRetention: string;
    inAppExclude: string[];
  };
  notify: {
    digest: { enabled: boolean; interval: string; minAlerts: number };
    silences: ForwarderConfig['notify']['silences'];
    giveUpAfter: string;
  };
  sinks: {
    slack?: { webhookUrl: string; minInterval: string };
    webhook?: { url: string; secret?: string };
    alertmanager?: { url: string; resendInterval: string; resolveAfter: string; resolvedResendFor: string };
  };
  links: ForwarderConfig['links'];
  metrics: { listen: string };
  log: ForwarderConfig['log'];
}

function resolve(raw: RawConfig, problems: string[]): ForwarderConfig {
  const { http, elasticsearch } = raw.inputs;
  const { slack, webhook, alertmanager } = raw.sinks;
  return {
    inputs: {
      ...(http && { http: { listen: listen(http.listen), token: http.token, maxBodyBytes: http.maxBodyBytes } }),
      ...(elasticsearch && {
        elasticsearch: {
          ...connection(elasticsearch, '/inputs/elasticsearch', problems),
          index: elasticsearch.index,
          pollIntervalMs: ms(elasticsearch.pollInterval),
          safetyDelayMs: ms(elasticsearch.safetyDelay),
          batchSize: elasticsearch.batchSize,
          timestampField: elasticsearch.timestampField,
          tiebreakerField: elasticsearch.tiebreakerField,
          startFrom: elasticsearch.startFrom,
        },
      }),
    },
    state: raw.state.elasticsearch
      ? {
          elasticsearch: {
            ...connection(raw.state.elasticsearch, '/state/elasticsearch', problems),
            indexPrefix: raw.state.elasticsearch.indexPrefix,
            path: raw.state.elasticsearch.path,
            claimLeaseMs: ms(raw.state.elasticsearch.claimLease),
            claimRecheckMs: ms(raw.state.elasticsearch.claimRecheck),
          },
        }
      : { sqlite: { path: raw.state.sqlite?.path ?? './forwarder.db' } },
    detection: raw.detection,
    grouping: {
      realertAfterMs: ms(raw.grouping.realertAfter),
      newErrorAfterMs: ms(raw.grouping.newErrorAfter),
      windowMs: ms(raw.grouping.window),
      spikeFactor: raw.grouping.spikeFactor,
      spikeMinCount: raw.grouping.spikeMinCount,
      spikeBaselineWindows: raw.grouping.spikeBaselineWindows,
      maxGroupsInMemory: raw.grouping.maxGroupsInMemory,
      eventIdRetentionMs: ms(raw.grouping.eventIdRetention),
      inAppExclude: raw.grouping.inAppExclude,
    },
    notify: {
      digest: {
        enabled: raw.notify.digest.enabled,
        intervalMs: ms(raw.notify.digest.interval),
        minAlerts: raw.notify.digest.minAlerts,
      },
      silences: raw.notify.silences,
      giveUpAfterMs: ms(raw.notify.giveUpAfter),
    },
    sinks: {
      ...(slack && { slack: { webhookUrl: slack.webhookUrl, minIntervalMs: ms(slack.minInterval) } }),
      ...(webhook && { webhook: { url: webhook.url, ...(webhook.secret && { secret: webhook.secret }) } }),
      ...(alertmanager && {
        alertmanager: {
          url: alertmanager.url,
          resendIntervalMs: ms(alertmanager.resendInterval),
          resolveAfterMs: ms(alertmanager.resolveAfter),
          resolvedResendForMs: ms(alertmanager.resolvedResendFor),
        },
      }),
    },
    links: raw.links,
    metrics: { listen: listen(raw.metrics.listen) },
    log: raw.log,
  };
}
