// kansoku.yaml resolved: defaults filled in, percentages turned into ratios, one SLO entry
// turned into one definition per indicator. Everything downstream reads this.
import type { AlertGroupName } from './alert-groups.js';
import type { DashboardSettings } from './dashboard-settings.js';
import type { MonitoringConfig } from './monitoring-config.js';
import type { SloDefinition } from './slo.js';

export interface AlertSettings {
  groups: Record<AlertGroupName, boolean>;
  disabled: readonly string[];
  extraLabels: Readonly<Record<string, string>>;
}

export interface KansokuConfig {
  monitoring: MonitoringConfig;
  slos: readonly SloDefinition[];
  /** The services' grpc_server_handling_seconds buckets. */
  latencyBuckets: readonly number[];
  alerts: AlertSettings;
  dashboards: DashboardSettings;
}
