// A node:test reporter that writes, for each test file, how long it ran: from the moment
// the runner started its process to the moment that process ended (the file-level
// test:dequeue and test:complete events, whose name is the file's path), so a file's
// imports and top-level hooks count too. One JSON object per line: { file, ms }.
// `npm test` (scripts/run-tests.ts) reads them and prints the slowest files.
// Plain JavaScript: Node 20 loads reporters before `--import tsx` takes effect.

/** @param {AsyncIterable<import('node:test/reporters').TestEvent>} source */
export default async function* fileTimes(source) {
  /** @type {Map<string, number>} */
  const started = new Map();
  for await (const event of source) {
    if (event.type !== 'test:dequeue' && event.type !== 'test:complete') continue;
    const { file, name } = event.data;
    if (file === undefined || name !== file) continue;
    if (event.type === 'test:dequeue') started.set(file, Date.now());
    else {
      const since = started.get(file);
      if (since !== undefined) yield `${JSON.stringify({ file, ms: Date.now() - since })}\n`;
    }
  }
}
