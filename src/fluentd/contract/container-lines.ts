// source.conf: a line of /var/log/containers/<file> as in_tail with the multi_format
// parser makes it: Docker json-file first (parser_json, time kept as the string "time"),
// then CRI (fluent-plugin-parser-cri 0.1.1: split on the first three whitespace
// characters), and {"unmatched_line": …} when neither fits (emit_unmatched_lines).
import type { FluentEvent, FluentRecord } from './event.js';

/** The runtime timestamps the two time formats accept (RFC 3339 with a fraction and Z or an offset). */
const RUNTIME_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+(?:Z|[+-]\d{2}:?\d{2})$/;

/** Ruby's String#split(/\s/, limit): single whitespace characters, empty fields kept, the last field takes the rest. */
function rubySplit(text: string, limit: number): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length && parts.length < limit - 1; i++) {
    if (/[ \t\r\n\f\v]/.test(text[i] as string)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function dockerJson(line: string): FluentRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as FluentRecord;
  // time_key time with time_format …%N%z: a line without a parsable "time" fails the pattern.
  if (typeof record.time !== 'string' || !RUNTIME_TIME.test(record.time)) return undefined;
  return record;
}

function cri(line: string): FluentRecord | undefined {
  const parts = rubySplit(line, 4);
  if (parts.length !== 4) return undefined;
  const [time, stream, logtag, message] = parts as [string, string, string, string];
  if (!RUNTIME_TIME.test(time)) return undefined;
  return { stream, logtag, message, time };
}

/** The tag in_tail gives a file's lines with `tag raw.kubernetes.*`. */
export function tailTag(path: string): string {
  return `raw.kubernetes.${path.replace(/^\//, '').replace(/\//g, '.')}`;
}

export function readContainerLines(path: string, content: string): FluentEvent[] {
  const tag = tailTag(path);
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => ({ tag, record: dockerJson(line) ?? cri(line) ?? { unmatched_line: line } }));
}
