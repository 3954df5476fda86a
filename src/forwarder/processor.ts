// The forwarder's core step: a batch of raw records in, errors grouped, alerts decided and
// queued for every sink, all in one state transaction. Whatever the source (HTTP ingest,
// the Elasticsearch poller), records go through here, so dedup by event.id, grouping and
// alerting behave the same. A source's checkpoint is written in the same transaction, so
// after a crash the source resumes exactly after the last batch that was applied.
import type { ForwarderConfig } from './config/config.js';
import type { ForwarderMetrics } from './metrics.js';
import { buildAlert } from './model/alert.js';
import { createDetector } from './model/detect.js';
import { createFingerprinter } from './model/fingerprint.js';
import { type AlertReason, type Group, markAlerted, markSuppressed, newGroup, observe } from './model/group.js';
import type { LogRecord } from './model/record.js';
import { silenceMatches } from './model/silence.js';
import { GroupCache } from './state/group-cache.js';
import type { SqliteStore } from './state/sqlite-store.js';

export interface BatchResult {
  received: number;
  errors: number;
  duplicates: number;
  alerts: number;
  groupsCreated: number;
}

export interface ProcessorOptions {
  config: ForwarderConfig;
  store: SqliteStore;
  metrics: ForwarderMetrics;
  /** The outbox queues a decided alert goes to: the sinks', or the shared one (several replicas). */
  sinks: readonly string[];
  now: () => number;
  /** Told after each commit, with the queues that have new notifications. */
  onCommitted?: (result: BatchResult, queues: readonly string[]) => void;
}

export interface Processor {
  /** Records already read (toRecord); a checkpoint commits with them. */
  process(records: readonly LogRecord[], source: string, checkpoint?: { source: string; value: string }): BatchResult;
}

export function createProcessor(options: ProcessorOptions): Processor {
  const { config, store, metrics, sinks, now } = options;
  const detect = createDetector(config.detection);
  const fingerprint = createFingerprinter(config.grouping.inAppExclude);
  const cache = new GroupCache(config.grouping.maxGroupsInMemory, (fp) => store.getGroup(fp));

  const apply = (records: readonly LogRecord[], at: number, result: BatchResult) => {
    const touched = new Set<Group>();
    const firing = new Map<Group, { reason: AlertReason; seq: number }>();
    let created = 0;
    const silences = store.silences(at);
    for (const record of records) {
      if (!detect(record)) continue;
      if (!store.acceptEvent(record.id, at)) {
        result.duplicates += 1;
        continue;
      }
      result.errors += 1;
      const fp = fingerprint(record);
      let group = cache.get(fp.id);
      const isNew = group === undefined;
      if (!group) {
        group = newGroup(record, fp, config.grouping, at);
        cache.set(group);
        created += 1;
      }
      touched.add(group);
      const reason = observe(group, record, config.grouping, at, isNew);
      if (reason === undefined || firing.has(group)) continue;
      const g = group;
      if (silences.some((s) => silenceMatches(s, g, at))) {
        markSuppressed(group, at);
        metrics.alerts.inc({ reason: 'silenced' });
        continue;
      }
      firing.set(group, { reason, seq: markAlerted(group, reason, at) });
    }
    for (const group of touched) store.putGroup(group);
    for (const [group, { reason, seq }] of firing) {
      const alert = JSON.stringify(buildAlert(group, reason, seq, config.grouping.windowMs, config.links, at));
      for (const sink of sinks) store.enqueue(sink, `${group.fingerprint}-${seq}`, alert, at);
      metrics.alerts.inc({ reason });
    }
    result.alerts = firing.size;
    return created;
  };

  return {
    process(records, source, checkpoint) {
      const at = now();
      const result: BatchResult = { received: records.length, errors: 0, duplicates: 0, alerts: 0, groupsCreated: 0 };
      let created: number;
      try {
        created = store.transaction(() => {
          const n = apply(records, at, result);
          if (checkpoint) store.putCheckpoint(checkpoint.source, checkpoint.value);
          return n;
        });
      } catch (err) {
        cache.clear();
        throw err;
      }
      metrics.received.inc({ source }, records.length);
      if (result.duplicates > 0) metrics.duplicates.inc({ source }, result.duplicates);
      metrics.detected.inc(result.errors);
      result.groupsCreated = created;
      metrics.groupsCreated.inc(created);
      options.onCommitted?.(result, result.alerts > 0 ? sinks : []);
      return result;
    },
  };
}
