// Reads the collector's ExportTraceServiceResponse: the only thing in it is an optional
// partial_success (field 1) { int64 rejected_spans = 1; string error_message = 2; }. Unknown
// fields are skipped, an empty response means everything was accepted, and bytes that are not
// a valid message give an Error saying so (never a RangeError from reading past the end).
import type { ExportOutcome } from '../finished-span.js';
import { ProtobufReader } from './protobuf-reader.js';

const MESSAGE = 'OTLP ExportTraceServiceResponse';

export function decodeExportResponse(data: Uint8Array): ExportOutcome {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const response = new ProtobufReader(bytes, 0, bytes.length, MESSAGE);
  let rejectedSpans = 0;
  let message: string | undefined;
  while (!response.done()) {
    const [field, wireType] = response.key();
    if (field !== 1 || wireType !== 2) {
      response.skip(wireType);
      continue;
    }
    // partial_success: when it occurs more than once, protobuf merges the occurrences.
    const [start, end] = response.delimited();
    const partial = new ProtobufReader(bytes, start, end, `${MESSAGE} (in partial_success)`);
    while (!partial.done()) {
      const [partialField, partialWire] = partial.key();
      if (partialField === 1 && partialWire === 0) {
        rejectedSpans = partial.varint();
      } else if (partialField === 2 && partialWire === 2) {
        const [from, to] = partial.delimited();
        message = bytes.toString('utf8', from, to);
      } else partial.skip(partialWire);
    }
  }
  return { rejectedSpans, message: message || undefined };
}
