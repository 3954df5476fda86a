// The identity of an error group. With a stack trace: the service, the exception type and
// the in-app frames (function and file, no line numbers; all frames when none is in-app).
// Without one: the service, the exception type and the normalized message.
import { createHash } from 'node:crypto';
import { normalizeMessage } from './normalize-message.js';
import type { LogRecord } from './record.js';
import { type Frame, parseFrames } from './stack-frames.js';

/** Frames beyond this many (innermost first) do not change the group. */
const MAX_HASHED_FRAMES = 30;
/** Frames shown in an alert. */
const TOP_FRAMES = 5;

export interface Fingerprint {
  /** 32 hex digits. */
  id: string;
  /** How the group is named in alerts: "TypeError: cannot read <quoted> of undefined". */
  title: string;
  /** The top frames, as written, for the alert. */
  topFrames: string[];
}

export type Fingerprinter = (record: LogRecord) => Fingerprint;

export function createFingerprinter(inAppExclude: string[] = []): Fingerprinter {
  const extra = inAppExclude.map((pattern) => new RegExp(pattern));
  return (record) => {
    const frames: Frame[] = record.stackTrace === '' ? [] : parseFrames(record.stackTrace, extra);
    const inApp = frames.filter((f) => f.inApp);
    const hashed = (inApp.length > 0 ? inApp : frames).slice(0, MAX_HASHED_FRAMES);
    const normalized = normalizeMessage(record.errorMessage || record.message);
    const hash = createHash('sha256');
    hash.update(record.service).update('\0').update(record.errorType).update('\0');
    if (hashed.length > 0) for (const f of hashed) hash.update(f.fn).update('@').update(f.file).update('\n');
    else hash.update(normalized);
    const firstLine = normalized.split('\n')[0] ?? '';
    return {
      id: hash.digest('hex').slice(0, 32),
      title: record.errorType ? `${record.errorType}: ${firstLine}` : firstLine,
      topFrames: (inApp.length > 0 ? inApp : frames).slice(0, TOP_FRAMES).map((f) => f.raw),
    };
  };
}
