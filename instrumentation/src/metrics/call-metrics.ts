// The call metrics of one side (server or client): picks the series of a call, and
// registers the families that read those series into the registry. Which families exist
// is decided here, once, from the options.
import type { Metadata } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { GRPC_CODE_NAMES, GRPC_STATUS_NAMES, SERVER_ERROR_CODES } from '../grpc/codes.js';
import type { MethodInfo, MethodTable } from '../grpc/method-table.js';
import type { ResolvedMetrics } from '../resolve-options.js';
import { GRPC_LABELS, METRICS, type MetricFamily, OTHER_METHOD, RPC_LABELS } from './catalog.js';
import { FamilyCollector, type SampleValue } from './family-collector.js';
import type { FoldedValues } from './folded-values.js';
import type { HistogramData } from './histogram-data.js';
import { MethodStats } from './method-stats.js';

export type Side = 'server' | 'client';

/** Server spans and metrics count only these codes as errors (OpenTelemetry RPC conventions); clients count every non-OK code. */
const SERVER_ERRORS = new Set(SERVER_ERROR_CODES);

export function isErrorCode(side: Side, code: number): boolean {
  return side === 'server' ? SERVER_ERRORS.has(code) : code !== 0;
}

const FAMILIES = {
  server: {
    started: METRICS.serverStarted,
    handled: METRICS.serverHandled,
    msgReceived: METRICS.serverMsgReceived,
    msgSent: METRICS.serverMsgSent,
    handling: METRICS.serverHandlingSeconds,
    inFlight: METRICS.serverInFlight,
    otel: METRICS.rpcServerCallDuration,
  },
  client: {
    started: METRICS.clientStarted,
    handled: METRICS.clientHandled,
    msgReceived: METRICS.clientMsgReceived,
    msgSent: METRICS.clientMsgSent,
    handling: METRICS.clientHandlingSeconds,
    inFlight: METRICS.clientInFlight,
    otel: METRICS.rpcClientCallDuration,
  },
} as const;

export class CallMetrics {
  private readonly labelNames: string[];
  private readonly metadataKeys: string[];
  private readonly codeLabels = new WeakMap<MethodStats, Record<string, string>[]>();
  /** True when series depend on request metadata, so a call's series is known only once its metadata is. */
  readonly needsMetadata: boolean;

  constructor(
    readonly side: Side,
    private readonly table: MethodTable,
    private readonly config: ResolvedMetrics,
    /** Told when metadata label values are folded into _OTHER. */
    private readonly folded?: FoldedValues,
  ) {
    this.labelNames = config.metadataLabels.map(([label]) => label);
    this.metadataKeys = config.metadataLabels.map(([, key]) => key);
    this.needsMetadata = this.metadataKeys.length > 0;
  }

  /** The series a call counts into; `metadata` is read only when metadata labels are configured. */
  statsFor(info: MethodInfo, metadata: Metadata | undefined): MethodStats {
    if (this.metadataKeys.length === 0) {
      if (info.stats === undefined) info.stats = this.create(info, []);
      return info.stats;
    }
    const maxLength = this.config.maxLabelValueLength;
    const values = this.metadataKeys.map((key, i) => {
      const value = metadata?.get(key)[0];
      if (typeof value !== 'string') return '';
      if (value.length <= maxLength) return value;
      this.folded?.fold(this.side, info.path, [[this.labelNames[i] as string, value]], 'too_long', maxLength);
      return OTHER_METHOD;
    });
    const key = values.join('\u0000');
    if (info.series === undefined) info.series = new Map();
    let stats = info.series.get(key);
    if (stats === undefined) {
      if (info.series.size >= this.config.maxLabelValues) {
        const pairs = this.labelNames.map((label, i): [string, string] => [label, values[i] as string]);
        this.folded?.fold(this.side, info.path, pairs, 'too_many', this.config.maxLabelValues);
        const otherKey = values.map(() => OTHER_METHOD).join('\u0000');
        stats =
          info.series.get(otherKey) ??
          this.create(
            info,
            values.map(() => OTHER_METHOD),
          );
        info.series.set(otherKey, stats);
      } else {
        stats = this.create(info, values);
        info.series.set(key, stats);
      }
    }
    return stats;
  }

  /**
   * Creates the series of these methods now, so that started, handled (at zero for every
   * code) and the handling histogram exist before the first call: rate() and increase()
   * then see the first call, and the first error, of a new pod. With metadata labels, the
   * series created is that of calls without the metadata.
   */
  initialize(methods: Iterable<{ path: string; requestStream: boolean; responseStream: boolean }>): void {
    for (const m of methods) {
      const info = this.table.lookup(m.path, m.requestStream, m.responseStream);
      if (info.excluded || info.other) continue;
      this.statsFor(info, undefined).initialized = true;
    }
  }

  register(registry: Registry): void {
    const f = FAMILIES[this.side];
    const add = (family: MetricFamily, read: () => SampleValue[]) =>
      registry.registerMetric(new FamilyCollector(family, this.labelNames, read) as never);
    if (this.config.grpc) {
      add(f.started, () => this.simple((s) => s.started));
      add(f.handled, () => this.handled());
      add(f.msgReceived, () => this.simple((s) => s.msgReceived));
      add(f.msgSent, () => this.simple((s) => s.msgSent));
      if (this.config.handlingTimeHistogram) add(f.handling, () => this.handling(f.handling.name));
      add(f.inFlight, () => this.simple((s) => s.inFlight));
    }
    if (this.config.otel) add(f.otel, () => this.otel(f.otel.name));
  }

  private create(info: MethodInfo, values: string[]): MethodStats {
    const custom: Record<string, string> = {};
    this.labelNames.forEach((label, i) => {
      custom[label] = values[i] ?? '';
    });
    return new MethodStats(
      {
        [GRPC_LABELS.type]: info.type,
        [GRPC_LABELS.service]: info.service,
        [GRPC_LABELS.method]: info.method,
        ...custom,
      },
      { [RPC_LABELS.system]: 'grpc', [RPC_LABELS.method]: info.rpcMethod, ...custom },
      {
        handlingBuckets: this.config.grpc && this.config.handlingTimeHistogram ? this.config.buckets : undefined,
        otelBuckets: this.config.otel ? this.config.otelBuckets : undefined,
        exemplars: this.config.exemplars,
      },
    );
  }

  private allStats(): MethodStats[] {
    const out: MethodStats[] = [];
    for (const info of this.table.entries()) {
      if (info.excluded) continue;
      if (info.stats) out.push(info.stats);
      if (info.series) out.push(...info.series.values());
    }
    return out;
  }

  private simple(read: (s: MethodStats) => number): SampleValue[] {
    return this.allStats().map((s) => ({ labels: s.labels, value: read(s) }));
  }

  private handled(): SampleValue[] {
    const out: SampleValue[] = [];
    for (const s of this.allStats()) {
      let labels = this.codeLabels.get(s);
      if (labels === undefined) {
        labels = GRPC_CODE_NAMES.map((code) => ({ ...s.labels, [GRPC_LABELS.code]: code }));
        this.codeLabels.set(s, labels);
      }
      for (let code = 0; code < s.handled.length; code++) {
        const value = s.handled[code] as number;
        if (value > 0 || s.initialized) out.push({ labels: labels[code] as Record<string, string>, value });
      }
    }
    return out;
  }

  private handling(name: string): SampleValue[] {
    const out: SampleValue[] = [];
    for (const s of this.allStats()) if (s.handling) pushHistogram(out, name, s.labels, s.handling);
    return out;
  }

  private otel(name: string): SampleValue[] {
    const out: SampleValue[] = [];
    for (const s of this.allStats()) {
      s.otelByCode.forEach((h, code) => {
        if (h === undefined) return;
        const labels: Record<string, string> = {
          ...s.otelLabels,
          [RPC_LABELS.statusCode]: GRPC_STATUS_NAMES[code] ?? '',
        };
        if (isErrorCode(this.side, code)) labels[RPC_LABELS.errorType] = GRPC_STATUS_NAMES[code] ?? '';
        pushHistogram(out, name, labels, h);
      });
    }
    return out;
  }
}

function pushHistogram(out: SampleValue[], name: string, labels: Record<string, string>, h: HistogramData): void {
  let cumulative = 0;
  for (let i = 0; i < h.counts.length; i++) {
    cumulative += h.counts[i] as number;
    const bound = h.bounds[i];
    const sample: SampleValue = {
      labels: { ...labels, le: bound === undefined ? '+Inf' : bound },
      value: cumulative,
      metricName: `${name}_bucket`,
    };
    const exemplar = h.exemplars?.[i];
    if (exemplar) {
      sample.exemplar = {
        labelSet: { trace_id: exemplar.traceId, span_id: exemplar.spanId },
        value: exemplar.value,
        timestamp: exemplar.timestamp,
      };
    }
    out.push(sample);
  }
  out.push({ labels, value: h.sum, metricName: `${name}_sum` });
  out.push({ labels, value: h.count, metricName: `${name}_count` });
}
