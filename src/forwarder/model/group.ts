// An error group: everything the forwarder remembers about one fingerprint. Counts are
// kept per window of event time (the current window's count, and an exponentially
// weighted baseline of earlier windows, gaps counting as zero), so a spike is measured
// against the group's own normal rate. Alert times are processing (wall-clock) times,
// as ElastAlert measures realert, so a backlog replayed at once does not realert.
import type { Fingerprint } from './fingerprint.js';
import type { LogRecord } from './record.js';

export interface Group {
  fingerprint: string;
  title: string;
  service: string;
  namespace: string;
  pod: string;
  errorType: string;
  sampleMessage: string;
  topFrames: string[];
  traceId: string;
  /** Event time (epoch ms) of the first and last record. */
  firstSeen: number;
  lastSeen: number;
  /** Processing time of the last record: what "quiet" is measured against. */
  lastReceivedAt: number;
  total: number;
  windowStart: number;
  windowCount: number;
  baseline: number;
  baselineWindows: number;
  /** Processing time of the last alert; 0 before the first. */
  lastAlertAt: number;
  /** The window of the last spike alert, so one spike alerts once. */
  lastSpikeWindow: number;
  /** Alerts decided so far: the sequence number in each alert's stable key. */
  alertSeq: number;
}

export interface GroupingRules {
  windowMs: number;
  realertAfterMs: number;
  newErrorAfterMs: number;
  spikeFactor: number;
  spikeMinCount: number;
  spikeBaselineWindows: number;
}

export type AlertReason = 'new' | 'recurring' | 'spike';

const MAX_SAMPLE = 2000;

export function newGroup(record: LogRecord, fp: Fingerprint, rules: GroupingRules, now: number): Group {
  return {
    fingerprint: fp.id,
    title: fp.title,
    service: record.service,
    namespace: record.namespace,
    pod: record.pod,
    errorType: record.errorType,
    sampleMessage: (record.errorMessage || record.message).slice(0, MAX_SAMPLE),
    topFrames: fp.topFrames,
    traceId: record.traceId,
    firstSeen: record.timestamp,
    lastSeen: record.timestamp,
    lastReceivedAt: now,
    total: 0,
    windowStart: windowOf(record.timestamp, rules.windowMs),
    windowCount: 0,
    baseline: 0,
    baselineWindows: 0,
    lastAlertAt: 0,
    lastSpikeWindow: -1,
    alertSeq: 0,
  };
}

function windowOf(timestamp: number, windowMs: number): number {
  return Math.floor(timestamp / windowMs) * windowMs;
}

function rollWindow(group: Group, timestamp: number, rules: GroupingRules): void {
  const start = windowOf(timestamp, rules.windowMs);
  if (start <= group.windowStart) return;
  const alpha = 2 / (rules.spikeBaselineWindows + 1);
  const closed = Math.min((start - group.windowStart) / rules.windowMs, 10_000);
  // The window that just ended, then the empty ones in between (each pulls the baseline to 0).
  group.baseline =
    group.baselineWindows === 0 ? group.windowCount : group.baseline + alpha * (group.windowCount - group.baseline);
  group.baseline *= (1 - alpha) ** (closed - 1);
  group.baselineWindows += closed;
  group.windowStart = start;
  group.windowCount = 0;
}

/**
 * Counts one record into its group (undefined: the group is new) and says why an alert
 * should fire now, if it should. The caller records a fired alert with markAlerted.
 */
export function observe(
  group: Group,
  record: LogRecord,
  rules: GroupingRules,
  now: number,
  isNew: boolean,
): AlertReason | undefined {
  const quietFor = record.timestamp - group.lastSeen;
  rollWindow(group, record.timestamp, rules);
  group.total += 1;
  group.windowCount += 1;
  if (record.timestamp >= group.lastSeen) {
    group.lastSeen = record.timestamp;
    group.pod = record.pod || group.pod;
    group.sampleMessage = (record.errorMessage || record.message).slice(0, MAX_SAMPLE);
    if (record.traceId) group.traceId = record.traceId;
  }
  group.firstSeen = Math.min(group.firstSeen, record.timestamp);
  group.lastReceivedAt = now;
  if (isNew || quietFor >= rules.newErrorAfterMs) return 'new';
  const spiking =
    group.baselineWindows >= Math.min(3, rules.spikeBaselineWindows) &&
    group.windowCount >= rules.spikeMinCount &&
    group.windowCount >= rules.spikeFactor * Math.max(group.baseline, 1) &&
    group.lastSpikeWindow !== group.windowStart;
  if (spiking) return 'spike';
  if (now - group.lastAlertAt >= rules.realertAfterMs) return 'recurring';
  return undefined;
}

export function markAlerted(group: Group, reason: AlertReason, now: number): number {
  group.lastAlertAt = now;
  if (reason === 'spike') group.lastSpikeWindow = group.windowStart;
  group.alertSeq += 1;
  return group.alertSeq;
}

/** A silenced alert restarts the realert interval without sending anything. */
export function markSuppressed(group: Group, now: number): void {
  group.lastAlertAt = now;
}
