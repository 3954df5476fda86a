// Silences from the configuration and from the HTTP API, both kept in the state store.
// Configured silences are re-written at every start (ids `config:<n>`), so removing one
// from the file removes it; API silences keep their random ids until they expire or are
// deleted.
import { randomUUID } from 'node:crypto';
import { Ajv } from 'ajv';
import { parseDuration } from '../duration/prometheus-duration.js';
import type { ForwarderConfig } from './config/config.js';
import { SILENCE_MATCH_SCHEMA } from './config/schema.js';
import type { Silence } from './model/silence.js';
import type { SqliteStore } from './state/sqlite-store.js';

const CONFIG_PREFIX = 'config:';

export function applyConfiguredSilences(store: SqliteStore, silences: ForwarderConfig['notify']['silences']): void {
  store.transaction(() => {
    store.deleteSilencesWithPrefix(CONFIG_PREFIX);
    for (const [i, s] of silences.entries())
      store.putSilence({
        id: `${CONFIG_PREFIX}${i}`,
        match: s.match,
        ...(s.until !== undefined && { until: Date.parse(s.until) }),
        comment: s.comment ?? '',
        createdBy: 'configuration',
      });
  });
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('regex', (text: string) => {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
});
const checkRequest = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['match', 'comment', 'createdBy'],
  properties: {
    match: SILENCE_MATCH_SCHEMA,
    until: { type: 'string' },
    duration: { type: 'string' },
    comment: { type: 'string', minLength: 1, maxLength: 1000 },
    createdBy: { type: 'string', minLength: 1, maxLength: 200 },
  },
});

/** A silence from an API request body, or the list of what is wrong with it. */
export function silenceFromRequest(body: unknown, now: number): { silence: Silence } | { problems: string[] } {
  if (!checkRequest(body))
    return {
      problems: (checkRequest.errors ?? []).map((e) => {
        const extra = e.keyword === 'additionalProperties' ? ` "${String(e.params.additionalProperty)}"` : '';
        return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
      }),
    };
  const request = body as {
    match: Silence['match'];
    until?: string;
    duration?: string;
    comment: string;
    createdBy: string;
  };
  const problems: string[] = [];
  let until: number | undefined;
  if (request.until !== undefined && request.duration !== undefined)
    problems.push('/: give until or duration, not both');
  if (request.until !== undefined) {
    until = Date.parse(request.until);
    if (Number.isNaN(until)) problems.push('/until: must be an ISO 8601 date and time');
    else if (until <= now) problems.push('/until: is in the past');
  }
  if (request.duration !== undefined) {
    const seconds = parseDuration(request.duration);
    if (seconds === undefined) problems.push('/duration: must be a duration such as 30m or 2h');
    else until = now + seconds * 1000;
  }
  if (until === undefined && problems.length === 0) problems.push('/: until or duration is required (silences expire)');
  if (problems.length > 0) return { problems };
  return {
    silence: {
      id: randomUUID(),
      match: request.match,
      until: until as number,
      comment: request.comment,
      createdBy: request.createdBy,
    },
  };
}
