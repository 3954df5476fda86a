// Fluentd's out_http sends a JSON array (json_array true) or NDJSON, one record a line;
// a single JSON object is accepted too. A body that does not parse is rejected whole,
// with the line where it broke, so a truncated retry (fluent/fluentd#3139) never applies
// half a batch.
import { RequestError } from './read-body.js';

export function parseBatch(body: Buffer, contentType: string | undefined): unknown[] {
  const text = body.toString('utf8').trim();
  if (text === '') return [];
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (text.startsWith('[') || (type === 'application/json' && !text.includes('\n'))) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new RequestError(400, `the body is not valid JSON: ${(err as Error).message}`);
    }
    return Array.isArray(value) ? value : [value];
  }
  const records: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch (err) {
      throw new RequestError(400, `line ${i + 1} of the NDJSON body is not valid JSON: ${(err as Error).message}`);
    }
  }
  return records;
}
