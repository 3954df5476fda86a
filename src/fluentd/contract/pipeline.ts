// A model of what fluentd/ does to a container log file, stage by stage, written from the
// pinned plugins' source (each stage's file says which), so that the record contract in
// fluentd/samples/expected/ is computed rather than typed by hand. It models only the
// transformations, in order, for one file read to its end; it does not model buffering,
// retries or timing (a trace or a split line still open at the end is flushed, as the
// flush intervals do).
import { readContainerLines } from './container-lines.js';
import { toEcsRecords } from './ecs-record.js';
import type { FluentRecord } from './event.js';
import { identify } from './identity.js';
import { addKubernetesMetadata, type ClusterObjects } from './kubernetes-metadata.js';
import { joinPartialLines } from './partial-lines.js';
import { joinStackTraces } from './stack-traces.js';

export interface PipelineInput {
  /** The file's path on the node, /var/log/containers/<pod>_<namespace>_<container>-<id>.log. */
  path: string;
  content: string;
  cluster: ClusterObjects;
  /** KANSOKU_MAX_MESSAGE_BYTES. */
  maxMessageBytes: number;
  /** FLUENT_ELASTICSEARCH_LOGSTASH_PREFIX. */
  indexPrefix: string;
  /** The event time of a line without a runtime timestamp. */
  now: string;
}

export interface ElasticsearchDocument {
  index: string;
  id: string;
  source: FluentRecord;
}

export interface PipelineOutput {
  /** What out_elasticsearch sends: index (logstash_format, UTC day of @timestamp), _id (event.id), the record. */
  documents: ElasticsearchDocument[];
  /** The event.id of each record forwarder.conf's grep passes to the forwarder. */
  forwarded: string[];
}

function isErrorRecord(record: FluentRecord): boolean {
  const level = record['log.level'];
  const stack = record['error.stack_trace'];
  return (
    (level !== undefined && /^(?:error|fatal)$/.test(String(level))) || (stack !== undefined && /./.test(String(stack)))
  );
}

export function runPipeline(input: PipelineInput): PipelineOutput {
  const lines = readContainerLines(input.path, input.content);
  const records = addKubernetesMetadata(
    toEcsRecords(joinStackTraces(identify(joinPartialLines(lines))), {
      maxMessageBytes: input.maxMessageBytes,
      now: input.now,
    }),
    input.cluster,
  ).map((e) => e.record);
  const documents = records.map((source) => {
    const day = new Date(String(source['@timestamp'])).toISOString().slice(0, 10).replaceAll('-', '.');
    return { index: `${input.indexPrefix}-${day}`, id: String(source['event.id']), source };
  });
  return { documents, forwarded: records.filter(isErrorRecord).map((r) => String(r['event.id'])) };
}
