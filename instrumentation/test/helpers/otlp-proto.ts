// An independent decoder for what the OTLP encoder writes, so that tests do not check our
// protobuf with our own protobuf code: the OTLP trace messages are declared here (field
// numbers and types from opentelemetry-proto's trace_service.proto, trace.proto, common.proto
// and resource.proto) and loaded with @grpc/proto-loader (protobufjs). It also gives the
// TraceService definition for an in-process fake collector.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const SCHEMA = `
syntax = "proto3";
package opentelemetry.proto.collector.trace.v1;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Event {
  fixed64 time_unix_nano = 1;
  string name = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message Link {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  repeated KeyValue attributes = 4;
  uint32 dropped_attributes_count = 5;
  fixed32 flags = 6;
}
message Status { string message = 2; int32 code = 3; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
service TraceService { rpc Export(ExportTraceServiceRequest) returns (ExportTraceServiceResponse) {} }
`;

// Decoded shapes (proto-loader with keepCase, longs as strings, bytes as Buffers, oneofs named).
export interface PbAnyValue {
  value?: 'string_value' | 'bool_value' | 'int_value' | 'double_value' | 'array_value';
  string_value?: string;
  bool_value?: boolean;
  int_value?: string;
  double_value?: number;
  array_value?: { values: PbAnyValue[] };
}
export interface PbKeyValue {
  key: string;
  value: PbAnyValue | null;
}
export interface PbSpan {
  trace_id: Buffer;
  span_id: Buffer;
  trace_state: string;
  parent_span_id: Buffer;
  flags: number;
  name: string;
  kind: number;
  start_time_unix_nano: string;
  end_time_unix_nano: string;
  attributes: PbKeyValue[];
  dropped_attributes_count: number;
  events: {
    time_unix_nano: string;
    name: string;
    attributes: PbKeyValue[];
    dropped_attributes_count: number;
  }[];
  dropped_events_count: number;
  links: {
    trace_id: Buffer;
    span_id: Buffer;
    trace_state: string;
    attributes: PbKeyValue[];
    dropped_attributes_count: number;
    flags: number;
  }[];
  dropped_links_count: number;
  status: { message: string; code: number } | null;
}
export interface PbRequest {
  resource_spans: {
    resource: { attributes: PbKeyValue[] } | null;
    scope_spans: { scope: { name: string; version: string } | null; spans: PbSpan[] }[];
  }[];
}

function load(): grpc.ServiceDefinition {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-otlp-proto-'));
  try {
    const file = join(dir, 'otlp.proto');
    writeFileSync(file, SCHEMA);
    const definition = loadSync(file, {
      keepCase: true,
      longs: String,
      enums: Number,
      defaults: true,
      arrays: true,
      oneofs: true,
    });
    const service = definition['opentelemetry.proto.collector.trace.v1.TraceService'];
    return service as grpc.ServiceDefinition;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** TraceService as grpc-js wants it for a Server (a fake collector). */
export const TRACE_SERVICE = load();
const exportMethod = TRACE_SERVICE.Export as grpc.MethodDefinition<PbRequest, unknown>;

export function decodeRequest(bytes: Buffer): PbRequest {
  return exportMethod.requestDeserialize(bytes);
}

/** The bytes of an ExportTraceServiceResponse, encoded by protobufjs. */
export function encodeResponse(response: { partial_success?: { rejected_spans: number; error_message: string } }) {
  return exportMethod.responseSerialize(response);
}
