// kansoku.yaml as its author writes it: every field optional, percentages as percentages.
// The names of this file are a public contract (docs/config.md); add fields, never rename.
import type { AlertGroupName } from './alert-groups.js';
import type { BurnRateWindow, Selectors, Thresholds } from './monitoring-config.js';

export interface SloEntry {
  /** The grpc_service label value (package.Service). */
  service: string;
  /** Prefix of the `slo` label; default the service name, lower-cased. */
  name?: string;
  /** grpc_method values; default every method. */
  methods?: string[];
  /** Extra label matchers, added to selectors.grpcServices. */
  selector?: string;
  /** Default 30d. */
  window?: string;
  availability?: { objective: number; errorCodes?: string[] };
  /** `threshold` in seconds, a bucket of the services' histogram. */
  latency?: { objective: number; threshold: number };
}

export interface KansokuFile {
  cluster?: { label?: string; enabled?: boolean };
  selectors?: Partial<Selectors>;
  namespaceSelector?: string;
  targetLabels?: string[];
  scrapeInterval?: string;
  thresholds?: Partial<Thresholds>;
  burnRates?: BurnRateWindow[];
  services?: { latencyBuckets?: number[] };
  alerts?: {
    groups?: Partial<Record<AlertGroupName, boolean>>;
    disabled?: string[];
    extraLabels?: Record<string, string>;
    runbookUrlPattern?: string;
  };
  slos?: SloEntry[];
  dashboards?: {
    folder?: string;
    timezone?: string;
    uidPrefix?: string;
    tags?: string[];
    refresh?: string;
    timeRange?: string;
  };
}
