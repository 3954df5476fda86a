// A message with its variable parts replaced, the way Sentry parameterizes messages
// (getsentry/sentry grouping/parameterization.py): the first two non-empty lines, then
// e-mails, URLs, IPs, UUIDs, dates, hex, numbers and quoted values become placeholders,
// so "user 4711 not found" and "user 4712 not found" group together.
const REPLACEMENTS: [RegExp, string][] = [
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<email>'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, '<date>'],
  [/\b\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\b/g, '<time>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>'],
  [/(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi, '<ip>'],
  [/\b\d+(?:\.\d+)?(?:ms|s|m|h|µs|us|ns)\b/g, '<duration>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{8,128}\b/gi, '<hex>'],
  [/\b\d{8,}\b/g, '<hex>'],
  [/[-+]?\b\d+\.\d+\b/g, '<float>'],
  [/[-+]?\b\d+\b/g, '<int>'],
  [/"(?:[^"\\\n]|\\.)*"/g, '<quoted>'],
  [/'(?:[^'\\\n]|\\.)*'/g, '<quoted>'],
  [/`[^`\n]*`/g, '<quoted>'],
  [/=(?:true|false)\b/gi, '=<bool>'],
];

const MAX_LENGTH = 1000;

export function normalizeMessage(message: string): string {
  let text = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, 2)
    .join('\n');
  if (text.length > MAX_LENGTH) text = text.slice(0, MAX_LENGTH);
  for (const [pattern, placeholder] of REPLACEMENTS) text = text.replace(pattern, placeholder);
  return text;
}
