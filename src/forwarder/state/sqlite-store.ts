// The forwarder's state in one embedded SQLite file (better-sqlite3): accepted event ids,
// groups, checkpoints, silences, the outbox (one row per alert and sink) and the alerts
// held in Alertmanager. A batch of records, its groups and its outbox rows commit in one
// transaction, so a crash leaves either all of a batch or none of it. WAL with
// synchronous=NORMAL survives a killed process (not a power cut), which is the failure
// the forwarder's guarantees are about.
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { Group } from '../model/group.js';
import type { Silence } from '../model/silence.js';

export interface OutboxRow {
  sink: string;
  key: string;
  payload: string;
  createdAt: number;
  attempts: number;
}

export interface AlertmanagerEntry {
  fingerprint: string;
  /** The JSON of the alert as last posted (labels, annotations, startsAt). */
  alert: string;
  resolvedAt: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_at ON events (at);
CREATE TABLE IF NOT EXISTS groups (fingerprint TEXT PRIMARY KEY, data TEXT NOT NULL, received_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (source TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS silences (id TEXT PRIMARY KEY, data TEXT NOT NULL, until INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outbox (
  sink TEXT NOT NULL, key TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending', last_error TEXT, done_at INTEGER,
  PRIMARY KEY (sink, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (sink, status, due_at);
CREATE TABLE IF NOT EXISTS alertmanager (fingerprint TEXT PRIMARY KEY, alert TEXT NOT NULL, resolved_at INTEGER) WITHOUT ROWID;
`;

type DatabaseConstructor = typeof Database;

/**
 * better-sqlite3 is a native addon, so the bundled kansoku command cannot carry it: it is
 * an optional peer dependency, loaded when a forwarder starts, never by `kansoku generate`.
 */
function loadSqlite(): DatabaseConstructor {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
  } catch (err) {
    throw new Error(
      `the forwarder keeps its state with better-sqlite3, which is not installed: npm install better-sqlite3@12 (${(err as Error).message.split('\n')[0]})`,
    );
  }
}

export class SqliteStore {
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(path: string) {
    const Sqlite = loadSqlite();
    this.db = new Sqlite(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmt = {
      acceptEvent: db.prepare('INSERT OR IGNORE INTO events (id, at) VALUES (?, ?)'),
      pruneEvents: db.prepare('DELETE FROM events WHERE at < ?'),
      getGroup: db.prepare<[string], { data: string }>('SELECT data FROM groups WHERE fingerprint = ?'),
      putGroup: db.prepare('INSERT OR REPLACE INTO groups (fingerprint, data, received_at) VALUES (?, ?, ?)'),
      countGroups: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM groups'),
      getCheckpoint: db.prepare<[string], { value: string }>('SELECT value FROM checkpoints WHERE source = ?'),
      putCheckpoint: db.prepare('INSERT OR REPLACE INTO checkpoints (source, value) VALUES (?, ?)'),
      enqueue: db.prepare(
        'INSERT OR IGNORE INTO outbox (sink, key, payload, created_at, due_at) VALUES (?, ?, ?, ?, ?)',
      ),
      due: db.prepare<[string, number, number], OutboxRow>(
        `SELECT sink, key, payload, created_at AS createdAt, attempts FROM outbox
         WHERE sink = ? AND status = 'pending' AND due_at <= ? ORDER BY due_at, created_at LIMIT ?`,
      ),
      nextDue: db.prepare<[string], { at: number | null }>(
        `SELECT min(due_at) AS at FROM outbox WHERE sink = ? AND status = 'pending'`,
      ),
      pending: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM outbox WHERE sink = ? AND status = 'pending'`,
      ),
      markDone: db.prepare(`UPDATE outbox SET status = ?, done_at = ?, last_error = ? WHERE sink = ? AND key = ?`),
      markRetry: db.prepare(
        `UPDATE outbox SET attempts = attempts + 1, due_at = ?, last_error = ? WHERE sink = ? AND key = ?`,
      ),
      pruneOutbox: db.prepare(`DELETE FROM outbox WHERE status != 'pending' AND done_at < ?`),
      putSilence: db.prepare('INSERT OR REPLACE INTO silences (id, data, until) VALUES (?, ?, ?)'),
      deleteSilence: db.prepare('DELETE FROM silences WHERE id = ?'),
      deleteSilencesLike: db.prepare(`DELETE FROM silences WHERE id LIKE ? ESCAPE '\\'`),
      listSilences: db.prepare<[number], { data: string }>(
        'SELECT data FROM silences WHERE until IS NULL OR until > ? ORDER BY id',
      ),
      pruneSilences: db.prepare('DELETE FROM silences WHERE until IS NOT NULL AND until <= ?'),
      putAm: db.prepare('INSERT OR REPLACE INTO alertmanager (fingerprint, alert, resolved_at) VALUES (?, ?, ?)'),
      listAm: db.prepare<[], AlertmanagerEntry>(
        'SELECT fingerprint, alert, resolved_at AS resolvedAt FROM alertmanager ORDER BY fingerprint',
      ),
      deleteAm: db.prepare('DELETE FROM alertmanager WHERE fingerprint = ?'),
    };
  }

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** False when the id was accepted before (a retried batch, a re-polled document). */
  acceptEvent(id: string, now: number): boolean {
    return this.stmt.acceptEvent.run(id, now).changes === 1;
  }

  pruneEvents(before: number): number {
    return this.stmt.pruneEvents.run(before).changes;
  }

  getGroup(fingerprint: string): Group | undefined {
    const row = this.stmt.getGroup.get(fingerprint);
    return row ? (JSON.parse(row.data) as Group) : undefined;
  }

  putGroup(group: Group): void {
    this.stmt.putGroup.run(group.fingerprint, JSON.stringify(group), group.lastReceivedAt);
  }

  countGroups(): number {
    return this.stmt.countGroups.get()?.n ?? 0;
  }

  getCheckpoint(source: string): string | undefined {
    return this.stmt.getCheckpoint.get(source)?.value;
  }

  putCheckpoint(source: string, value: string): void {
    this.stmt.putCheckpoint.run(source, value);
  }

  enqueue(sink: string, key: string, payload: string, now: number): void {
    this.stmt.enqueue.run(sink, key, payload, now, now);
  }

  due(sink: string, now: number, limit: number): OutboxRow[] {
    return this.stmt.due.all(sink, now, limit);
  }

  nextDue(sink: string): number | undefined {
    return this.stmt.nextDue.get(sink)?.at ?? undefined;
  }

  pending(sink: string): number {
    return this.stmt.pending.get(sink)?.n ?? 0;
  }

  markSent(sink: string, key: string, now: number): void {
    this.stmt.markDone.run('sent', now, null, sink, key);
  }

  markFailed(sink: string, key: string, now: number, error: string): void {
    this.stmt.markDone.run('failed', now, error, sink, key);
  }

  markRetry(sink: string, key: string, dueAt: number, error: string): void {
    this.stmt.markRetry.run(dueAt, error, sink, key);
  }

  pruneOutbox(before: number): number {
    return this.stmt.pruneOutbox.run(before).changes;
  }

  putSilence(silence: Silence): void {
    this.stmt.putSilence.run(silence.id, JSON.stringify(silence), silence.until ?? null);
  }

  deleteSilence(id: string): boolean {
    return this.stmt.deleteSilence.run(id).changes === 1;
  }

  /** Removes the silences whose id starts with `prefix` (the configured ones, before re-adding them). */
  deleteSilencesWithPrefix(prefix: string): void {
    this.stmt.deleteSilencesLike.run(`${prefix.replace(/[\\%_]/g, '\\$&')}%`);
  }

  silences(now: number): Silence[] {
    return this.stmt.listSilences.all(now).map((row) => JSON.parse(row.data) as Silence);
  }

  pruneSilences(now: number): number {
    return this.stmt.pruneSilences.run(now).changes;
  }

  putAlertmanager(entry: AlertmanagerEntry): void {
    this.stmt.putAm.run(entry.fingerprint, entry.alert, entry.resolvedAt);
  }

  alertmanagerEntries(): AlertmanagerEntry[] {
    return this.stmt.listAm.all();
  }

  deleteAlertmanager(fingerprint: string): void {
    this.stmt.deleteAm.run(fingerprint);
  }

  close(): void {
    this.db.close();
  }
}
