// The demo's terminal: on a TTY, a summary that redraws itself in place below the banner,
// with anything else the demo says (alerts) printed above it; anywhere else, a plain
// progress line every few seconds and no escape codes. Node's readline cursor functions
// are all it needs.
import { clearScreenDown, cursorTo, moveCursor } from 'node:readline';
import { progressLine, type SummarySample, summaryLines } from './summary-lines.js';

export interface TerminalViewOptions {
  /** Where the person reads: stdout, or stderr when stdout carries the logs. */
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Takes a sample of what to show. */
  sample(): Promise<SummarySample>;
  /** Redraw interval on a terminal. Default 1 s. */
  liveIntervalMs?: number;
  /** Interval of the plain progress lines. Default 5 s. */
  plainIntervalMs?: number;
}

export class TerminalView {
  /** true: refreshes in place (the stream is a terminal); false: plain lines. */
  readonly live: boolean;
  private readonly stream: TerminalViewOptions['stream'];
  private readonly sample: () => Promise<SummarySample>;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private start = 0;
  private previous: SummarySample | undefined;
  /** The summary lines on screen now (live view). */
  private shown: string[] = [];
  private sampling: Promise<void> | undefined;

  constructor(options: TerminalViewOptions) {
    this.stream = options.stream;
    this.live = options.stream.isTTY === true;
    this.sample = options.sample;
    this.intervalMs = this.live ? (options.liveIntervalMs ?? 1_000) : (options.plainIntervalMs ?? 5_000);
  }

  /** Writes whole lines; on a terminal they go above the summary, which is drawn again below them. */
  say(text: string): void {
    if (!this.live) {
      this.stream.write(`${text}\n`);
      return;
    }
    const summary = this.shown;
    this.erase();
    this.stream.write(`${text}\n`);
    this.draw(summary);
  }

  /** Starts refreshing: the first sample is the baseline the first rates are measured from. */
  async begin(): Promise<void> {
    this.start = Date.now();
    this.previous = await this.sample();
    if (this.live) this.draw(summaryLines(undefined, this.previous));
    this.timer = setInterval(() => {
      this.sampling ??= this.refresh().finally(() => {
        this.sampling = undefined;
      });
    }, this.intervalMs);
  }

  /** Stops refreshing and shows the summary one last time (it stays on screen). */
  async end(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
    if (this.previous !== undefined) await this.refresh();
    this.shown = [];
  }

  private async refresh(): Promise<void> {
    const current = await this.sample();
    if (this.live) {
      this.erase();
      this.draw(summaryLines(this.previous, current));
    } else {
      this.stream.write(`${progressLine(this.start, this.previous, current)}\n`);
    }
    this.previous = current;
  }

  private draw(lines: string[]): void {
    // A line wider than the terminal wraps and the cursor arithmetic of erase() would be off.
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    this.shown = lines.map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
    for (const line of this.shown) this.stream.write(`${line}\n`);
  }

  private erase(): void {
    if (this.shown.length === 0) return;
    moveCursor(this.stream, 0, -this.shown.length);
    cursorTo(this.stream, 0);
    clearScreenDown(this.stream);
    this.shown = [];
  }
}
