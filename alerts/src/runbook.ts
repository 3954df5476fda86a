// runbook_url for every alert. Upstream alerts keep the upstream runbooks, whose pages are
// named by the lower-cased alert name; kansoku's own link to docs/runbooks.md anchors.
import type { MonitoringConfig } from '../../src/catalog/monitoring-config.js';

export function upstreamRunbook(config: MonitoringConfig, alert: string): string {
  return config.runbooks.upstreamPattern.replace('%s', alert.toLowerCase());
}

export function ownRunbook(config: MonitoringConfig, alert: string): string {
  return config.runbooks.ownPattern.replace('%s', alert.toLowerCase());
}
