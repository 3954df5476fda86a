// The one options object of alerts generation: the shared monitoring configuration and the
// SLO definitions. Validated once; every problem is listed.

import {
  createMonitoringConfig,
  type MonitoringConfig,
  type MonitoringConfigInput,
} from '../../src/config/monitoring-config.js';
import { DEFAULT_HANDLING_BUCKETS, type SloDefinition } from '../../src/config/slo.js';
import { sloProblems } from '../../src/config/slo-problems.js';
import { GENERATION_ERROR_CODES, GenerationError } from '../../src/errors/generation-error.js';

export interface AlertsOptions {
  monitoring?: MonitoringConfigInput;
  /** Default: none, and no SLO rules. */
  slos?: readonly SloDefinition[];
  /** The services' handlingBuckets option: latency thresholds must be one of them. */
  handlingBuckets?: readonly number[];
}

export interface AlertsConfig {
  monitoring: MonitoringConfig;
  slos: readonly SloDefinition[];
  handlingBuckets: readonly number[];
}

export function createAlertsConfig(options: AlertsOptions = {}): AlertsConfig {
  const monitoring = createMonitoringConfig(options.monitoring);
  const slos = options.slos ?? [];
  const handlingBuckets = options.handlingBuckets ?? DEFAULT_HANDLING_BUCKETS;
  const problems = Array.isArray(slos) ? sloProblems(slos, monitoring, handlingBuckets) : ['slos must be a list'];
  if (problems.length > 0) throw new GenerationError(GENERATION_ERROR_CODES.slo, 'SLO definitions', problems);
  return { monitoring, slos, handlingBuckets };
}
