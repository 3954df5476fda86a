// What the forwarder tells a sink: one group's alert with everything on-call needs,
// under a stable key (fingerprint and sequence number) that every retry repeats.

import type { AlertReason, Group } from './group.js';
import { discoverLink, type LinkOptions, traceLink } from './links.js';

export interface Alert {
  /** Stable across retries and restarts: `<fingerprint>-<sequence>`. */
  key: string;
  reason: AlertReason;
  fingerprint: string;
  title: string;
  service: string;
  namespace: string;
  pod: string;
  errorType: string;
  countInWindow: number;
  windowSeconds: number;
  total: number;
  firstSeen: string;
  lastSeen: string;
  sampleMessage: string;
  topFrames: string[];
  traceId?: string;
  discoverUrl?: string;
  traceUrl?: string;
  /** When the forwarder decided to alert (ISO 8601). */
  firedAt: string;
}

export const REASON_WORDS: Record<AlertReason, string> = {
  new: 'new error',
  recurring: 'still happening',
  spike: 'spike above its usual rate',
};

export function buildAlert(
  group: Group,
  reason: AlertReason,
  seq: number,
  windowMs: number,
  links: LinkOptions,
  now: number,
): Alert {
  const discoverUrl = discoverLink(group, links);
  const traceUrl = traceLink(group, links);
  return {
    key: `${group.fingerprint}-${seq}`,
    reason,
    fingerprint: group.fingerprint,
    title: group.title,
    service: group.service,
    namespace: group.namespace,
    pod: group.pod,
    errorType: group.errorType,
    countInWindow: group.windowCount,
    windowSeconds: windowMs / 1000,
    total: group.total,
    firstSeen: new Date(group.firstSeen).toISOString(),
    lastSeen: new Date(group.lastSeen).toISOString(),
    sampleMessage: group.sampleMessage,
    topFrames: group.topFrames,
    ...(group.traceId && { traceId: group.traceId }),
    ...(discoverUrl && { discoverUrl }),
    ...(traceUrl && { traceUrl }),
    firedAt: new Date(now).toISOString(),
  };
}
