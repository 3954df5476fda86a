// A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal,
// so piped or CI output stays clean.
export interface Progress {
  /** Adds work still to do. */
  add(count: number): void;
  /** Marks one piece of work done. */
  tick(): void;
  done(): void;
}

const WIDTH = 30;

export function createProgress(stream: NodeJS.WriteStream, label: string): Progress {
  if (!stream.isTTY) return { add() {}, tick() {}, done() {} };
  let total = 0;
  let finished = 0;
  let lastDraw = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const filled = total === 0 ? 0 : Math.round((finished / total) * WIDTH);
    stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${finished}/${total} queries`);
  };
  return {
    add(count) {
      total += count;
      draw();
    },
    tick() {
      finished++;
      draw();
    },
    done() {
      draw(true);
      stream.write('\n');
    },
  };
}
