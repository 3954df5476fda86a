// The report as Markdown, for a pull request or a wiki page.
import type { Block } from './report-document.js';

export function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  let first = true;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      out.push(`${first ? '#' : '##'} ${block.text}`, '');
      first = false;
    } else if (block.kind === 'text') out.push(block.text, '');
    else if (block.kind === 'code') out.push(`\`\`\`${block.language}`, block.text.trimEnd(), '```', '');
    else {
      const cell = (c: string) => c.replaceAll('|', '\\|');
      out.push(
        `| ${block.head.map(cell).join(' | ')} |`,
        `| ${block.numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
        ...block.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
        '',
      );
    }
  }
  return `${out.join('\n').trim()}\n`;
}
