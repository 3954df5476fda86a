// kubernetes-mixin's kubernetes-storage group: persistent volumes running out of space or
// inodes, and volumes that failed to provision.
import { durationSeconds } from '../../../src/duration/prometheus-duration.js';
import { upstreamAlert } from '../alert.js';
import type { Query } from '../query.js';
import type { AlertRule, RuleGroup } from '../rule.js';

export function kubernetesStorage(q: Query): RuleGroup {
  const c = q.onCluster;
  const t = q.config.thresholds;
  return {
    name: 'kubernetes-storage',
    rules: [
      fillingUp(q, 'space', 'critical', t.volumeFreeSpaceCritical),
      fillingUp(q, 'space', 'warning', t.volumeFreeSpaceWarning),
      fillingUp(q, 'inodes', 'critical', t.volumeFreeInodesCritical),
      fillingUp(q, 'inodes', 'warning', t.volumeFreeInodesWarning),
      upstreamAlert(q, {
        alert: 'KubePersistentVolumeErrors',
        severity: 'critical',
        for: '5m',
        expr: `${q.ksmCluster('kube_persistentvolume_status_phase', 'phase=~"Failed|Pending"')} > 0`,
        summary: 'A PersistentVolume failed to provision.',
        description: `PersistentVolume {{ $labels.persistentvolume }}${c} is in phase {{ $labels.phase }}.`,
      }),
    ],
  };
}

/**
 * The critical alert fires on little free space left; the warning one on less free space
 * and a linear trend that reaches zero within the prediction horizon. Read-only volumes
 * cannot fill, and claims labelled excluded_from_alerts opt out.
 */
function fillingUp(q: Query, what: 'space' | 'inodes', severity: 'critical' | 'warning', ratio: number): AlertRule {
  const t = q.config.thresholds;
  const c = q.onCluster;
  const [free, total, used] =
    what === 'space'
      ? ([
          'kubelet_volume_stats_available_bytes',
          'kubelet_volume_stats_capacity_bytes',
          'kubelet_volume_stats_used_bytes',
        ] as const)
      : ([
          'kubelet_volume_stats_inodes_free',
          'kubelet_volume_stats_inodes',
          'kubelet_volume_stats_inodes_used',
        ] as const);
  const kubelet = (metric: typeof free | typeof total | typeof used) =>
    q.from('kubelet', metric, q.config.namespaceSelector);
  const on = q.on('namespace', 'persistentvolumeclaim');
  const prediction =
    severity === 'warning'
      ? `\nand\npredict_linear(${kubelet(free)}[${t.volumeFullPredictionSampleTime}], ${durationSeconds(t.volumeFullPredictionHorizon)}) < 0`
      : '';
  const alert = what === 'space' ? 'KubePersistentVolumeFillingUp' : 'KubePersistentVolumeInodesFillingUp';
  const noun = what === 'space' ? 'space' : 'inodes';
  return upstreamAlert(q, {
    alert,
    severity,
    for: severity === 'critical' ? '1m' : '1h',
    expr: `
(
  ${kubelet(free)}
    /
  ${kubelet(total)}
) < ${ratio}
and
${kubelet(used)} > 0${prediction}
unless ${on}
${q.ksm('kube_persistentvolumeclaim_access_mode', 'access_mode="ReadOnlyMany"')} == 1
unless ${on}
${q.ksm('kube_persistentvolumeclaim_labels', t.pvExcludedSelector)} == 1`,
    summary: what === 'space' ? 'A PersistentVolume is filling up.' : 'A PersistentVolume is running out of inodes.',
    description:
      severity === 'critical'
        ? `The volume of claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }}${c} has only {{ $value | humanizePercentage }} of its ${noun} free.`
        : `The volume of claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }}${c} has {{ $value | humanizePercentage }} of its ${noun} free and, at the rate of the last ${t.volumeFullPredictionSampleTime}, runs out within ${t.volumeFullPredictionHorizon}.`,
  });
}
