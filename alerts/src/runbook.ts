// runbook_url for every alert. Upstream alerts keep the upstream runbooks, whose pages are
// named by the lower-cased alert name; kansoku's own link to docs/runbooks.md anchors.
import type { MonitoringConfig } from '../../src/config/monitoring-config.js';

/**
 * The kubernetes-mixin alerts kansoku keeps that have a page at runbooks.prometheus-operator.dev
 * (content/runbooks/kubernetes/ of prometheus-operator/runbooks, read at a685d14). The others
 * (KubeDeploymentRolloutStuck, KubePersistentVolumeInodesFillingUp) have none: a link there
 * would be a 404 in the middle of an incident, so they link to docs/runbooks.md instead.
 */
export const UPSTREAM_RUNBOOK_PAGES: ReadonlySet<string> = new Set([
  'CPUThrottlingHigh',
  'KubeAPIDown',
  'KubeCPUOvercommit',
  'KubeClientErrors',
  'KubeContainerWaiting',
  'KubeDaemonSetRolloutStuck',
  'KubeDeploymentGenerationMismatch',
  'KubeDeploymentReplicasMismatch',
  'KubeHpaMaxedOut',
  'KubeHpaReplicasMismatch',
  'KubeJobFailed',
  'KubeJobNotCompleted',
  'KubeMemoryOvercommit',
  'KubeNodeNotReady',
  'KubeNodeReadinessFlapping',
  'KubeNodeUnreachable',
  'KubePersistentVolumeErrors',
  'KubePersistentVolumeFillingUp',
  'KubePodCrashLooping',
  'KubePodNotReady',
  'KubeQuotaAlmostFull',
  'KubeQuotaExceeded',
  'KubeStatefulSetGenerationMismatch',
  'KubeStatefulSetReplicasMismatch',
  'KubeletClientCertificateExpiration',
  'KubeletClientCertificateRenewalErrors',
  'KubeletDown',
  'KubeletPlegDurationHigh',
  'KubeletServerCertificateExpiration',
  'KubeletServerCertificateRenewalErrors',
  'KubeletTooManyPods',
]);

/** The upstream page when there is one, else kansoku's own runbook. */
export function upstreamRunbook(config: MonitoringConfig, alert: string): string {
  if (!UPSTREAM_RUNBOOK_PAGES.has(alert)) return ownRunbook(config, alert);
  return config.runbooks.upstreamPattern.replace('%s', alert.toLowerCase());
}

export function ownRunbook(config: MonitoringConfig, alert: string): string {
  return config.runbooks.ownPattern.replace('%s', alert.toLowerCase());
}
