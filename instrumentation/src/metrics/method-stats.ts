// Everything counted for one label set of one method on one side (server or client).
// Fields are plain numbers so the call path does no map lookups; the collectors in
// call-metrics.ts read them when /metrics is scraped.
import { GRPC_CODE_NAMES } from '../grpc/codes.js';
import { HistogramData } from './histogram-data.js';

export interface StatsConfig {
  handlingBuckets: readonly number[] | undefined;
  otelBuckets: readonly number[] | undefined;
  exemplars: boolean;
}

export class MethodStats {
  started = 0;
  msgReceived = 0;
  msgSent = 0;
  inFlight = 0;
  /** Created ahead of calls (CallMetrics.initialize): grpc_*_handled is shown for every code, at zero until counted. */
  initialized = false;
  /** Completed calls per numeric status code. */
  readonly handled = new Float64Array(GRPC_CODE_NAMES.length);
  readonly handling: HistogramData | undefined;
  /** rpc.*.call.duration per numeric status code, created when a code is first seen. */
  readonly otelByCode: (HistogramData | undefined)[];

  constructor(
    /** Label name → value for the grpc_* families, without grpc_code. */
    readonly labels: Readonly<Record<string, string>>,
    /** Label name → value for the rpc_* families, without rpc_status_code and error_type. */
    readonly otelLabels: Readonly<Record<string, string>>,
    private readonly config: StatsConfig,
  ) {
    this.handling = config.handlingBuckets ? new HistogramData(config.handlingBuckets, config.exemplars) : undefined;
    this.otelByCode = config.otelBuckets ? new Array(GRPC_CODE_NAMES.length) : [];
  }

  otelHistogram(code: number): HistogramData | undefined {
    if (this.config.otelBuckets === undefined) return undefined;
    let h = this.otelByCode[code];
    if (h === undefined) {
      h = new HistogramData(this.config.otelBuckets, this.config.exemplars);
      this.otelByCode[code] = h;
    }
    return h;
  }
}
