// The report for a terminal: aligned columns, YAML indented as it should be pasted.
import type { Block } from './report-document.js';

export function renderText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') out.push('', block.text, '='.repeat(block.text.length));
    else if (block.kind === 'text') out.push(block.text);
    else if (block.kind === 'code')
      out.push(
        '',
        ...block.text
          .trimEnd()
          .split('\n')
          .map((l) => `    ${l}`),
        '',
      );
    else {
      const widths = block.head.map((h, i) => Math.max(h.length, ...block.rows.map((r) => (r[i] ?? '').length)));
      const line = (cells: readonly string[]) =>
        cells
          .map((c, i) => (block.numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
          .join('  ')
          .trimEnd();
      out.push(line(block.head), widths.map((w) => '-'.repeat(w)).join('  '), ...block.rows.map(line));
    }
  }
  return `${out.join('\n').trim()}\n`;
}
