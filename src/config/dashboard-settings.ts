// What kansoku.yaml says about the dashboards: where Grafana files them and how they open.
export interface DashboardSettings {
  /** The Grafana folder, written as the sidecar's folder annotation and into the Helm values. */
  folder: string;
  timezone: string;
  uidPrefix: string;
  tags: string[];
  refresh: string;
  timeRange: string;
}

export const DEFAULT_DASHBOARD_SETTINGS: Readonly<DashboardSettings> = Object.freeze({
  folder: 'kansoku',
  timezone: 'browser',
  uidPrefix: 'kansoku',
  tags: ['kansoku'],
  refresh: '30s',
  timeRange: '1h',
});
