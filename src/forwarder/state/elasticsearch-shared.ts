// Shared state for several replicas. Each replica keeps its working state (event ids,
// groups, checkpoints, outbox) in its own SQLite file and decides alerts from the records
// it sees; records may reach any replica (a Service spreads Fluentd's batches), so the
// decisions are settled here, in Elasticsearch:
//
// - An alert's dedup key `<fingerprint>-<n>` is a document id in `<prefix>-alerts`, written
//   with op_type create. A replica that decided to alert a group creates the group's next
//   slot; if another replica created it first (409) the replica reads that slot and alerts
//   only if the group is due again after it (realert interval, or a spike in a new window).
//   Exactly one create succeeds, so the replicas never send the same alert twice.
// - The winner queues the alert for every sink in its own outbox and records each sink's
//   outcome on the slot (`delivered.<sink>`): a sink that failed is retried, the others not.
// - Every replica writes a heartbeat to `<prefix>-replicas`. Slots with undelivered sinks
//   whose owner's heartbeat is older than the lease (it crashed) are taken over with
//   if_seq_no/if_primary_term, so two survivors cannot both take one; the taker delivers
//   the sinks still missing. At-least-once: a crash between a send and its record re-sends
//   once, under the same key.
import { randomUUID } from 'node:crypto';
import type { estypes } from '@elastic/elasticsearch';
import { type Client, errors } from '@elastic/elasticsearch';
import type { Logger } from 'pino';
import type { ElasticsearchConnection, SinkName } from '../config/config.js';
import { createElasticsearchClient, esErrorText } from '../elasticsearch-client.js';
import { FORWARDER_ERROR_CODES } from '../errors.js';
import type { Alert } from '../model/alert.js';
import { wakeableSleep } from '../wakeable-sleep.js';
import type { OutboxRow, SqliteStore } from './sqlite-store.js';

/** The outbox queue the processor writes decided alerts to when replicas share state. */
export const SHARED_QUEUE = 'shared';

export interface SharedStateOptions {
  connection: ElasticsearchConnection;
  indexPrefix: string;
  /** A replica silent this long is dead: its undelivered alerts are taken over. */
  leaseMs: number;
  /** How often undelivered alerts of dead replicas are looked for. */
  recheckMs: number;
  realertAfterMs: number;
  giveUpAfterMs: number;
  sinks: readonly SinkName[];
  store: SqliteStore;
  logger: Logger;
  now: () => number;
  /** New rows were queued for these sinks. */
  onQueued: (sinks: readonly SinkName[]) => void;
  /** This replica's name; random by default (a restarted replica is a new one). */
  owner?: string;
}

export interface SharedState {
  readonly owner: string;
  /** Decided alerts were queued: settle them now. */
  wake(): void;
  /** A sink's final outcome for an alert, recorded on its slot. */
  delivered(sink: SinkName, key: string, outcome: 'sent' | 'failed'): Promise<void>;
  stop(): Promise<void>;
}

interface Slot {
  fingerprint: string;
  seq: number;
  reason: Alert['reason'];
  firedAt: number;
  spikeWindow: number;
  owner: string;
  payload: Alert;
  delivered?: Partial<Record<SinkName, 'sent' | 'failed'>>;
}

/** What a replica knows of a group's latest shared alert. */
interface Head {
  seq: number;
  lastAlertAt: number;
  lastSpikeWindow: number;
}

const BATCH = 50;
const MAX_KNOWN = 20_000;

const isConflict = (err: unknown) => err instanceof errors.ResponseError && err.statusCode === 409;
const isMissing = (err: unknown) => err instanceof errors.ResponseError && err.statusCode === 404;

async function createIndex(
  client: Client,
  index: string,
  properties: Record<string, estypes.MappingProperty>,
): Promise<void> {
  try {
    await client.indices.create({ index, mappings: { dynamic: false, properties } });
  } catch (err) {
    const type =
      err instanceof errors.ResponseError ? (err.body as { error?: { type?: string } })?.error?.type : undefined;
    if (type !== 'resource_already_exists_exception') throw err;
  }
}

const spikeWindowOf = (alert: Alert) => Math.floor(Date.parse(alert.lastSeen) / (alert.windowSeconds * 1000));

export async function startSharedState(options: SharedStateOptions): Promise<SharedState> {
  const { store, logger, sinks, now } = options;
  const owner = options.owner ?? randomUUID();
  const alerts = `${options.indexPrefix}-alerts`;
  const heads = `${options.indexPrefix}-heads`;
  const replicas = `${options.indexPrefix}-replicas`;
  const client = createElasticsearchClient(options.connection, 10_000);
  const keyword: estypes.MappingProperty = { type: 'keyword' };
  const date: estypes.MappingProperty = { type: 'date', format: 'epoch_millis' };
  await createIndex(client, alerts, {
    fingerprint: keyword,
    seq: { type: 'long' },
    reason: keyword,
    firedAt: date,
    owner: keyword,
    delivered: { properties: Object.fromEntries(sinks.map((s) => [s, keyword])) },
  });
  await createIndex(client, heads, {});
  await createIndex(client, replicas, { aliveAt: date });
  // Liveness is wall-clock time on every replica (the injectable clock is for alert decisions).
  const heartbeat = () => client.index({ index: replicas, id: owner, document: { aliveAt: Date.now() } });
  await heartbeat();

  const known = new Map<string, Head>();
  const head = async (fingerprint: string): Promise<Head> => {
    const cached = known.get(fingerprint);
    if (cached) return cached;
    try {
      const found = await client.get<Head>({ index: heads, id: fingerprint });
      if (found._source) return found._source;
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    return { seq: 0, lastAlertAt: 0, lastSpikeWindow: -1 };
  };
  const remember = (fingerprint: string, value: Head) => {
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(fingerprint, value);
  };

  // Settles one decided alert: the key it is sent under, or undefined when another replica already alerted it.
  const decide = async (alert: Alert, at: number): Promise<string | undefined> => {
    const spikeWindow = spikeWindowOf(alert);
    let current = await head(alert.fingerprint);
    for (;;) {
      const due =
        current.seq === 0 ||
        (alert.reason === 'spike'
          ? current.lastSpikeWindow !== spikeWindow
          : at - current.lastAlertAt >= options.realertAfterMs);
      if (!due) {
        remember(alert.fingerprint, current);
        return undefined;
      }
      const seq = current.seq + 1;
      const key = `${alert.fingerprint}-${seq}`;
      const slot: Slot = {
        fingerprint: alert.fingerprint,
        seq,
        reason: alert.reason,
        firedAt: at,
        spikeWindow,
        owner,
        payload: { ...alert, key },
      };
      try {
        await client.create({ index: alerts, id: key, document: slot });
        const mine = {
          seq,
          lastAlertAt: at,
          lastSpikeWindow: alert.reason === 'spike' ? spikeWindow : current.lastSpikeWindow,
        };
        remember(alert.fingerprint, mine);
        // A hint for replicas that do not know the group yet; external versions only move forward.
        await client
          .index({ index: heads, id: alert.fingerprint, document: mine, version: seq, version_type: 'external' })
          .catch((err: unknown) => {
            if (!isConflict(err)) throw err;
          });
        return key;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      const other = (await client.get<Slot>({ index: alerts, id: key }))._source as Slot;
      // Our own create answered late and the client retried it: the slot is ours.
      if (other.owner === owner && other.firedAt === at) {
        remember(alert.fingerprint, { seq, lastAlertAt: at, lastSpikeWindow: current.lastSpikeWindow });
        return key;
      }
      current = {
        seq,
        lastAlertAt: other.firedAt,
        lastSpikeWindow: other.reason === 'spike' ? other.spikeWindow : current.lastSpikeWindow,
      };
    }
  };

  const settleDecided = async () => {
    const rows: OutboxRow[] = store.due(SHARED_QUEUE, now(), BATCH);
    let queued = false;
    for (const row of rows) {
      const alert = JSON.parse(row.payload) as Alert;
      const key = await decide(alert, row.createdAt);
      const at = now();
      store.transaction(() => {
        if (key) for (const sink of sinks) store.enqueue(sink, key, JSON.stringify({ ...alert, key }), at);
        store.markSent(SHARED_QUEUE, row.key, at);
      });
      if (key) queued = true;
      else logger.debug({ fingerprint: alert.fingerprint, local: row.key }, 'alert already sent by another replica');
    }
    if (queued) options.onQueued(sinks);
  };

  // Slots of dead replicas with sinks still missing: take them over and deliver those sinks.
  const takeOver = async () => {
    const at = now();
    const response = await client.search<Slot>({
      index: alerts,
      size: BATCH,
      seq_no_primary_term: true,
      query: {
        bool: {
          filter: [{ range: { firedAt: { gte: at - options.giveUpAfterMs } } }],
          must_not: [{ term: { owner } }],
          should: sinks.map((s) => ({ bool: { must_not: { exists: { field: `delivered.${s}` } } } })),
          minimum_should_match: 1,
        },
      },
    });
    const alive = new Map<string, boolean>();
    const taken = new Set<SinkName>();
    for (const hit of response.hits.hits) {
      const slot = hit._source;
      if (!slot || hit._id === undefined) continue;
      if (!alive.has(slot.owner)) {
        let aliveAt = 0;
        try {
          aliveAt = (await client.get<{ aliveAt: number }>({ index: replicas, id: slot.owner }))._source?.aliveAt ?? 0;
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
        alive.set(slot.owner, Date.now() - aliveAt < options.leaseMs);
      }
      if (alive.get(slot.owner)) continue;
      try {
        await client.index({
          index: alerts,
          id: hit._id,
          document: { ...slot, owner },
          if_seq_no: hit._seq_no as number,
          if_primary_term: hit._primary_term as number,
        });
      } catch (err) {
        // Another replica took it, or its owner recorded a delivery since the search: look again next time.
        if (isConflict(err)) continue;
        throw err;
      }
      const missing = sinks.filter((s) => slot.delivered?.[s] === undefined);
      store.transaction(() => {
        for (const sink of missing) store.enqueue(sink, hit._id as string, JSON.stringify(slot.payload), at);
      });
      for (const sink of missing) taken.add(sink);
      logger.warn(
        { key: hit._id, from: slot.owner, sinks: missing },
        'took over an alert from a replica that stopped before delivering it',
      );
    }
    if (taken.size > 0) options.onQueued([...taken]);
  };

  // The heartbeat has a timer of its own: a replica busy settling alerts is still alive.
  const heartbeatEvery = Math.max(50, Math.floor(options.leaseMs / 3));
  const beat = setInterval(() => {
    heartbeat().catch((err: unknown) =>
      logger.warn(
        { 'error.code': FORWARDER_ERROR_CODES.state, err: { message: esErrorText(err) } },
        "the heartbeat to the shared state failed; other replicas take this one's alerts over after the lease",
      ),
    );
  }, heartbeatEvery);
  beat.unref();

  let stopped = false;
  const { sleep, wake } = wakeableSleep({ unref: true });
  // Real time, not the injectable clock: the loop looks for orphans every recheck interval.
  let lastScan = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        await settleDecided();
        if (performance.now() - lastScan >= options.recheckMs) {
          lastScan = performance.now();
          await takeOver();
        }
      } catch (err) {
        logger.error(
          { 'error.code': FORWARDER_ERROR_CODES.state, err: { message: esErrorText(err) } },
          'the shared state in Elasticsearch failed; retrying',
        );
      }
      if (stopped) break;
      await sleep(options.recheckMs);
    }
  })();

  return {
    owner,
    wake,
    async delivered(sink, key, outcome) {
      await client.update({ index: alerts, id: key, doc: { delivered: { [sink]: outcome } } });
    },
    async stop() {
      stopped = true;
      clearInterval(beat);
      wake();
      await loop;
      await client.close();
    },
  };
}
