// A message with its variable parts replaced, the way Sentry parameterizes messages
// (getsentry/sentry grouping/parameterization.py): the first two non-empty lines, then
// e-mails, URLs, IPs, UUIDs, dates, hex, numbers and quoted values become placeholders,
// so "user 4711 not found" and "user 4712 not found" group together.
// One pass over the text: the alternatives are tried in this order at each position, so
// an e-mail is not cut into a host and a number, and a date not into three numbers.
const PATTERNS: [RegExp, string][] = [
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/, '<email>'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/, '<url>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/, '<uuid>'],
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/, '<date>'],
  [/\b\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\b/, '<time>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/, '<ip>'],
  [/(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/, '<ip>'],
  [/\b\d+(?:\.\d+)?(?:ms|s|m|h|µs|us|ns)\b/, '<duration>'],
  [/\b0x[0-9a-f]+\b/, '<hex>'],
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{8,128}\b/, '<hex>'],
  [/[-+]?\b\d+\.\d+\b/, '<float>'],
  [/[-+]?\b\d+\b/, '<int>'],
  [/"(?:[^"\\\n]|\\.)*"/, '<quoted>'],
  [/'(?:[^'\\\n]|\\.)*'/, '<quoted>'],
  [/`[^`\n]*`/, '<quoted>'],
  [/(?<==)(?:true|false)\b/, '<bool>'],
];
// The e-mail and URL patterns backtrack through every word they start on, so they join
// the pass only when the text has an `@` or a `://` at all (four precompiled variants).
function combine(email: boolean, url: boolean) {
  const used = PATTERNS.filter(
    ([, placeholder]) => (email || placeholder !== '<email>') && (url || placeholder !== '<url>'),
  );
  return {
    pattern: new RegExp(used.map(([pattern]) => `(${pattern.source})`).join('|'), 'gi'),
    placeholders: used.map(([, placeholder]) => placeholder),
  };
}
const VARIANTS = [combine(false, false), combine(true, false), combine(false, true), combine(true, true)];

const MAX_LENGTH = 1000;

export function normalizeMessage(message: string): string {
  let text = message;
  if (text.includes('\n'))
    text = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .slice(0, 2)
      .join('\n');
  else text = text.trim();
  if (text.length > MAX_LENGTH) text = text.slice(0, MAX_LENGTH);
  const { pattern, placeholders } = VARIANTS[
    (text.includes('@') ? 1 : 0) + (text.includes('://') ? 2 : 0)
  ] as (typeof VARIANTS)[0];
  return text.replace(pattern, (...groups: unknown[]) => {
    for (let i = 0; i < placeholders.length; i++) if (groups[i + 1] !== undefined) return placeholders[i] as string;
    return groups[0] as string;
  });
}
