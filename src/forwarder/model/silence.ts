// A silence: alerts of the groups it matches are not sent until it expires. Silences come
// from the configuration and from the HTTP API; both live in the state store.
import type { SilenceMatch } from '../config/config.js';
import type { Group } from './group.js';

export interface Silence {
  id: string;
  match: SilenceMatch;
  /** Epoch ms; undefined: until removed. */
  until?: number;
  comment: string;
  createdBy: string;
}

export function silenceMatches(silence: Silence, group: Group, now: number): boolean {
  if (silence.until !== undefined && silence.until <= now) return false;
  const m = silence.match;
  if (m.fingerprint !== undefined && m.fingerprint !== group.fingerprint) return false;
  if (m.service !== undefined && m.service !== group.service) return false;
  if (m.namespace !== undefined && m.namespace !== group.namespace) return false;
  if (m.message !== undefined && !new RegExp(m.message).test(`${group.title}\n${group.sampleMessage}`)) return false;
  return true;
}
