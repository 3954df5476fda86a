// One phase of `npm test` (scripts/run-tests.ts runs two): the given test files through
// node:test's run(), in the order given. `node --test` sorts its files by name; run() keeps
// the order, which is what lets the longest files start first (scripts/test-order.ts).
// Prints node:test's spec report on stdout and writes each file's wall time to --times, one
// { file, ms } object a line: from the moment the runner started the file's process to the
// moment that process ended, so its imports and top-level hooks count too.
// Started with --conditions=kansoku-source --import tsx, which the files' processes inherit.
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: {
    times: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
    pattern: { type: 'string', multiple: true, default: [] },
  },
  allowPositionals: true,
});

// Absolute paths: node:test names a file's test after the path it was given, and an event's
// `file` is absolute, so only then does "the test named after its file" find it.
const files = positionals.map((file) => resolve(file));
const events = run({
  files,
  concurrency: Number(values.concurrency),
  ...(values.pattern.length > 0 && { testNamePatterns: values.pattern }),
});

// The file-level test is the one named after its file.
const started = new Map<string, number>();
events.on('test:dequeue', ({ file, name }: { file?: string; name: string }) => {
  if (file !== undefined && name === file) started.set(file, Date.now());
});
events.on('test:complete', ({ file, name }: { file?: string; name: string }) => {
  const since = file === undefined || name !== file ? undefined : started.get(file);
  if (since !== undefined && values.times) {
    appendFileSync(values.times, `${JSON.stringify({ file, ms: Date.now() - since })}\n`);
  }
});
events.on('test:fail', () => {
  process.exitCode = 1;
});

events.pipe(new spec()).pipe(process.stdout);
