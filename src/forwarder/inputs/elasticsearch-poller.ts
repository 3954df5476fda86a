// The Elasticsearch input: polls the log indices with search_after, hands each page to
// the processor together with the checkpoint of its last document (one transaction), so
// after a crash or restart it resumes exactly after the last page applied, and a page
// applied twice would be deduplicated by event id anyway.
import type { Logger } from 'pino';
import type { ForwarderConfig } from '../config/config.js';
import { createElasticsearchClient, esErrorText } from '../elasticsearch-client.js';
import { FORWARDER_ERROR_CODES } from '../errors.js';
import type { ForwarderMetrics } from '../metrics.js';
import { type LogRecord, toRecord } from '../model/record.js';
import type { Processor } from '../processor.js';
import type { SqliteStore } from '../state/sqlite-store.js';
import { wakeableSleep } from '../wakeable-sleep.js';
import { type Checkpoint, pollSearch } from './elasticsearch-query.js';

export const CHECKPOINT_SOURCE = 'elasticsearch';

export interface PollerOptions {
  input: NonNullable<ForwarderConfig['inputs']['elasticsearch']>;
  minLevel: ForwarderConfig['detection']['minLevel'];
  processor: Processor;
  store: SqliteStore;
  metrics: ForwarderMetrics;
  logger: Logger;
  now: () => number;
}

export interface Poller {
  /** One pass: pages until the end of what is due; resolves with the documents applied. */
  pollOnce(): Promise<number>;
  stop(): Promise<void>;
  /** The last poll worked (for /readyz). */
  healthy(): boolean;
}

interface Hit {
  _index: string;
  _id?: string;
  _source?: Record<string, unknown>;
  sort?: unknown[];
}

export function startPoller(options: PollerOptions, loop = true): Poller {
  const { input, processor, store, metrics, logger, now } = options;
  const client = createElasticsearchClient(input, 30_000);
  let stopped = false;
  let ok = true;
  const { sleep, wake } = wakeableSleep();

  const readCheckpoint = (): Checkpoint | undefined => {
    const stored = store.getCheckpoint(CHECKPOINT_SOURCE);
    if (stored) return JSON.parse(stored) as Checkpoint;
    if (input.startFrom === 'beginning') return undefined;
    // First start: from now on, not the index's whole history; kept, so a restart before
    // the first document does not move the start.
    const first: Checkpoint = { after: [now() - input.safetyDelayMs, ''] };
    store.putCheckpoint(CHECKPOINT_SOURCE, JSON.stringify(first));
    return first;
  };

  const page = async (): Promise<{ applied: number; full: boolean }> => {
    const checkpoint = readCheckpoint();
    const upTo = now() - input.safetyDelayMs;
    const response = await client.search<Record<string, unknown>>(
      pollSearch({ ...input, minLevel: options.minLevel }, upTo, checkpoint),
    );
    const hits = response.hits.hits as Hit[];
    const last = hits[hits.length - 1];
    if (!last?.sort) {
      metrics.lag.set(checkpoint ? Math.max(0, (now() - checkpoint.after[0]) / 1000) : 0);
      return { applied: 0, full: false };
    }
    const records: LogRecord[] = [];
    let invalid = 0;
    for (const hit of hits) {
      const result = toRecord(hit._source ?? {});
      if ('problem' in result) {
        invalid += 1;
        logger.warn({ index: hit._index, id: hit._id }, `skipping document: ${result.problem}`);
        continue;
      }
      if (result.record.id.startsWith('sha256:') && hit._id) result.record.id = `es:${hit._index}/${hit._id}`;
      records.push(result.record);
    }
    if (invalid > 0) metrics.dropped.inc({ reason: 'invalid' }, invalid);
    const after = [Number(last.sort[0]), String(last.sort[1] ?? '')] as [number, string];
    processor.process(records, 'elasticsearch', { source: CHECKPOINT_SOURCE, value: JSON.stringify({ after }) });
    metrics.lag.set(Math.max(0, (now() - after[0]) / 1000));
    return { applied: hits.length, full: hits.length >= input.batchSize };
  };

  const pollOnce = async () => {
    let applied = 0;
    for (;;) {
      const result = await page();
      applied += result.applied;
      if (!result.full || stopped) return applied;
    }
  };

  const run = (async () => {
    while (loop && !stopped) {
      try {
        await pollOnce();
        ok = true;
      } catch (err) {
        ok = false;
        metrics.pollErrors.inc();
        logger.warn(
          { 'error.code': FORWARDER_ERROR_CODES.poll, err: { message: esErrorText(err) } },
          'polling Elasticsearch failed',
        );
      }
      if (stopped) break;
      await sleep(input.pollIntervalMs);
    }
  })();

  return {
    pollOnce,
    healthy: () => ok,
    async stop() {
      stopped = true;
      wake();
      await run;
      await client.close();
    },
  };
}
