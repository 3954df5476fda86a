// The one options object of alerts generation: the shared monitoring configuration, the SLO
// definitions and which groups and alerts to generate. Validated once; every problem is listed.
import { ALERT_GROUP_NAMES, type AlertGroupName, alertGroupsOn } from '../../src/config/alert-groups.js';
import {
  createMonitoringConfig,
  type MonitoringConfig,
  type MonitoringConfigInput,
} from '../../src/config/monitoring-config.js';
import { DEFAULT_HANDLING_BUCKETS, type SloDefinition } from '../../src/config/slo.js';
import { sloProblems } from '../../src/config/slo-problems.js';
import { parseDuration } from '../../src/duration/prometheus-duration.js';
import { GENERATION_ERROR_CODES, GenerationError } from '../../src/errors/generation-error.js';

export interface AlertsOptions {
  monitoring?: MonitoringConfigInput;
  /** Default: none, and no SLO rules. */
  slos?: readonly SloDefinition[];
  /** The services' handlingBuckets option: latency thresholds must be one of them. */
  handlingBuckets?: readonly number[];
  /** Groups switched on or off; the rest keep their defaults (src/config/alert-groups.ts). */
  groups?: Partial<Record<AlertGroupName, boolean>>;
  /** Alert names left out. */
  disabled?: readonly string[];
  /** Labels added to every alert. */
  extraLabels?: Readonly<Record<string, string>>;
  /**
   * Alert name → a `for` duration that replaces the generated one, e.g.
   * `{ KubePodCrashLooping: '1m' }` (tests use it to see alerts fire without waiting 15 minutes).
   */
  for?: Readonly<Record<string, string>>;
}

export interface AlertsConfig {
  monitoring: MonitoringConfig;
  slos: readonly SloDefinition[];
  handlingBuckets: readonly number[];
  groups: Record<AlertGroupName, boolean>;
  disabled: readonly string[];
  extraLabels: Readonly<Record<string, string>>;
  for: Readonly<Record<string, string>>;
}

export function createAlertsConfig(options: AlertsOptions = {}): AlertsConfig {
  const monitoring = createMonitoringConfig(options.monitoring);
  const slos = options.slos ?? [];
  const handlingBuckets = options.handlingBuckets ?? DEFAULT_HANDLING_BUCKETS;
  const problems = Array.isArray(slos) ? sloProblems(slos, monitoring, handlingBuckets) : ['slos must be a list'];
  for (const name of Object.keys(options.groups ?? {})) {
    if (!(ALERT_GROUP_NAMES as string[]).includes(name))
      problems.push(`groups.${name}: not a group (known: ${ALERT_GROUP_NAMES.join(', ')})`);
  }
  for (const [alert, duration] of Object.entries(options.for ?? {})) {
    if (typeof duration !== 'string' || parseDuration(duration) === undefined)
      problems.push(`for.${alert}: ${JSON.stringify(duration)} is not a Prometheus duration like 30s or 15m`);
  }
  if (problems.length > 0) throw new GenerationError(GENERATION_ERROR_CODES.slo, 'SLO definitions', problems);
  return {
    monitoring,
    slos,
    handlingBuckets,
    groups: alertGroupsOn(options.groups),
    disabled: options.disabled ?? [],
    extraLabels: options.extraLabels ?? {},
    for: options.for ?? {},
  };
}
