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
  readonly title: string;
  /** The top frames, as written, for the alert. */
  topFrames: string[];
}

export type Fingerprinter = (record: LogRecord) => Fingerprint;

export function createFingerprinter(inAppExclude: string[] = []): Fingerprinter {
  const extra = inAppExclude.map((pattern) => new RegExp(pattern));
  return (record) => {
    const frames: Frame[] = record.stackTrace === '' ? [] : parseFrames(record.stackTrace, extra);
    const inApp = frames.filter((f) => f.inApp);
    const shown = inApp.length > 0 ? inApp : frames;
    const message = record.errorMessage || record.message;
    let normalized: string | undefined;
    let key = `${record.service}\0${record.errorType}\0`;
    if (shown.length > 0) for (const f of shown.slice(0, MAX_HASHED_FRAMES)) key += `${f.fn}@${f.file}\n`;
    else key += normalized = normalizeMessage(message);
    return {
      id: createHash('sha256').update(key).digest('hex').slice(0, 32),
      // Only a new group needs its title: with a stack the message is normalized then, not per record.
      get title() {
        normalized ??= normalizeMessage(message);
        const firstLine = normalized.split('\n')[0] ?? '';
        return record.errorType ? `${record.errorType}: ${firstLine}` : firstLine;
      },
      topFrames: shown.slice(0, TOP_FRAMES).map((f) => f.raw),
    };
  };
}
