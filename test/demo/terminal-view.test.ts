import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { SummarySample } from '../../src/demo/summary-lines.js';
import { TerminalView } from '../../src/demo/terminal-view.js';

const ESC = '\u001b';

function screen(isTTY: boolean) {
  let written = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    }),
    { isTTY, columns: 60 },
  );
  return { stream, text: () => written };
}

function counter() {
  let calls = 0;
  return async (): Promise<SummarySample> => {
    calls += 10;
    return {
      at: Date.now(),
      stats: { calls, failuresByCode: { NotFound: 1 }, p99Ms: 12, spansExported: undefined },
      alertsReceived: 1,
    };
  };
}

test('on a terminal the summary is drawn, then erased and drawn again in place; said lines go above it', async () => {
  const { stream, text } = screen(true);
  const view = new TerminalView({ stream, sample: counter(), liveIntervalMs: 20 });
  assert.equal(view.live, true);
  await view.begin();
  const first = text();
  assert.match(first, /calls\/s\s+-/);
  assert.ok(!first.includes(ESC), 'the first drawing moves nothing');
  await new Promise((r) => setTimeout(r, 70));
  view.say('ALERT something happened');
  await view.end();
  const all = text();
  // Four summary lines: up four, to column 1, clear below.
  assert.ok(all.includes(`${ESC}[4A`), JSON.stringify(all.slice(0, 400)));
  assert.ok(all.includes(`${ESC}[0J`));
  const alertAt = all.indexOf('ALERT something happened');
  assert.ok(alertAt > 0);
  // After the said line the summary is drawn again below it.
  assert.match(all.slice(alertAt), /calls\/s/);
  // Lines are cut to the terminal's width, so the cursor arithmetic holds.
  assert.ok(
    all.split('\n').every((line) => line.replace(new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g'), '').length <= 60),
  );
});

test('elsewhere: plain progress lines, no escape codes, and a last line at the end', async () => {
  const { stream, text } = screen(false);
  const view = new TerminalView({ stream, sample: counter(), plainIntervalMs: 20 });
  assert.equal(view.live, false);
  await view.begin();
  assert.equal(text(), '');
  await new Promise((r) => setTimeout(r, 70));
  view.say('ALERT plain');
  await view.end();
  const lines = text().trim().split('\n');
  assert.ok(!text().includes(ESC));
  assert.ok(lines.includes('ALERT plain'));
  const progress = lines.filter((l) => l.startsWith('['));
  assert.ok(progress.length >= 2, text());
  assert.ok(
    progress.every((l) =>
      /\| calls\/s ([\d.]+|-) \| calls \d+ \| errors by code: NotFound 1 \| p99 12 ms \| alerts sent 1$/.test(l),
    ),
    text(),
  );
});
