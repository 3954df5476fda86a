// The retry delay a gRPC server asks for: grpc-status-details-bin carries a google.rpc.Status
// whose details may hold a google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1 }.
// The OTLP specification says a RESOURCE_EXHAUSTED answer is retried only when it carries
// RetryInfo, and after that delay. A detail that does not parse is treated as absent: a
// malformed hint must not turn into a failure of its own.
import { ProtobufReader } from './protobuf-reader.js';

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/** What a RetryInfo says: present, with a delay in ms when it gives one. */
export interface RetryInfo {
  delayMs: number | undefined;
}

/** The RetryInfo in a grpc-status-details-bin value (base64, padding optional), if there is one. */
export function retryInfoFromStatusDetails(value: string | string[] | undefined): RetryInfo | undefined {
  if (value === undefined) return undefined;
  const bytes = Buffer.from(Array.isArray(value) ? (value[0] ?? '') : value, 'base64');
  try {
    return retryInfoFromStatus(bytes);
  } catch {
    return undefined;
  }
}

function retryInfoFromStatus(bytes: Buffer): RetryInfo | undefined {
  // google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
  const status = new ProtobufReader(bytes, 0, bytes.length, 'google.rpc.Status');
  while (!status.done()) {
    const [field, wireType] = status.key();
    if (field !== 3 || wireType !== 2) {
      status.skip(wireType);
      continue;
    }
    const [start, end] = status.delimited();
    // google.protobuf.Any { string type_url = 1; bytes value = 2; }
    const any = new ProtobufReader(bytes, start, end, 'google.protobuf.Any');
    let typeUrl = '';
    let value: [number, number] | undefined;
    while (!any.done()) {
      const [anyField, anyWire] = any.key();
      if (anyField === 1 && anyWire === 2) {
        const [from, to] = any.delimited();
        typeUrl = bytes.toString('utf8', from, to);
      } else if (anyField === 2 && anyWire === 2) value = any.delimited();
      else any.skip(anyWire);
    }
    if (typeUrl === RETRY_INFO_TYPE && value !== undefined)
      return { delayMs: retryInfoDelay(bytes, value[0], value[1]) };
  }
  return undefined;
}

function retryInfoDelay(bytes: Buffer, start: number, end: number): number | undefined {
  const info = new ProtobufReader(bytes, start, end, 'google.rpc.RetryInfo');
  while (!info.done()) {
    const [field, wireType] = info.key();
    if (field !== 1 || wireType !== 2) {
      info.skip(wireType);
      continue;
    }
    const [from, to] = info.delimited();
    // google.protobuf.Duration { int64 seconds = 1; int32 nanos = 2; }
    const duration = new ProtobufReader(bytes, from, to, 'google.protobuf.Duration');
    let seconds = 0;
    let nanos = 0;
    while (!duration.done()) {
      const [durationField, durationWire] = duration.key();
      if (durationField === 1 && durationWire === 0) seconds = duration.varint();
      else if (durationField === 2 && durationWire === 0) nanos = duration.varint();
      else duration.skip(durationWire);
    }
    // A negative int64 reads as a huge positive; a delay that large is the same as no retry.
    return seconds * 1000 + nanos / 1e6;
  }
  return undefined;
}
