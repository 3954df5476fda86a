// kubernetes-mixin's kubernetes-apps group, curated: workloads that do not run as declared.
import { durationSeconds } from '../../../src/duration/prometheus-duration.js';
import { upstreamAlert } from '../alert.js';
import type { Query } from '../query.js';
import type { RuleGroup } from '../rule.js';

export function kubernetesApps(q: Query): RuleGroup {
  const pod = q.labels('namespace', 'pod');
  const on = q.on('namespace', 'pod');
  const c = q.onCluster;
  return {
    name: 'kubernetes-apps',
    rules: [
      upstreamAlert(q, {
        alert: 'KubePodCrashLooping',
        severity: 'warning',
        for: '15m',
        // max_over_time keeps the alert up through the short moments between back-offs
        // when the container is briefly running.
        expr: `max_over_time(${q.ksm('kube_pod_container_status_waiting_reason', 'reason="CrashLoopBackOff"')}[5m]) >= 1`,
        summary: 'A container keeps crashing.',
        description: `Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }}${c} is in CrashLoopBackOff: it exits and Kubernetes keeps restarting it.`,
      }),
      upstreamAlert(q, {
        alert: 'KubePodNotReady',
        severity: 'warning',
        for: '15m',
        // Pods of Jobs are left out (they finish on purpose), and so are pods held back by a
        // scheduling gate. topk keeps one owner per pod, so the join is never many-to-many.
        expr: `
sum by (${[...pod, 'job'].join(', ')}) (
  max by (${[...pod, 'job'].join(', ')}) (
    ${q.ksm('kube_pod_status_phase', 'phase=~"Pending|Unknown"')}
    or
    (
      ${q.ksm('kube_pod_status_phase', 'phase="Running"')} == 1
      and ${on}
      ${q.ksm('kube_pod_status_ready', 'condition="true"')} == 0
    )
  )
  * ${on} group_left ()
  topk by (${pod.join(', ')}) (1, max by (${[...pod, 'owner_kind'].join(', ')}) (${q.ksm('kube_pod_owner', 'owner_kind!="Job"')}))
) > 0
unless ${on}
${q.ksm('kube_pod_status_reason', 'reason="SchedulingGated"')} == 1`,
        summary: 'A pod has not been ready for 15 minutes.',
        description: `Pod {{ $labels.namespace }}/{{ $labels.pod }}${c} has been pending, unknown or running but not ready for more than 15 minutes.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeDeploymentGenerationMismatch',
        severity: 'warning',
        for: '15m',
        expr: `${q.ksm('kube_deployment_status_observed_generation')}\n  !=\n${q.ksm('kube_deployment_metadata_generation')}`,
        summary: 'A Deployment change has not been acted on.',
        description: `The controller has not observed the latest generation of Deployment {{ $labels.namespace }}/{{ $labels.deployment }}${c}; a failed rollout that was not rolled back is the usual cause.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeDeploymentReplicasMismatch',
        severity: 'warning',
        for: '15m',
        // Only while no rollout is moving: a rollout in progress is allowed to be short.
        expr: `
(
  ${q.ksm('kube_deployment_spec_replicas')}
    >
  ${q.ksm('kube_deployment_status_replicas_available')}
) and (
  changes(${q.ksm('kube_deployment_status_replicas_updated')}[10m]) == 0
)`,
        summary: 'A Deployment has fewer available replicas than desired.',
        description: `Deployment {{ $labels.namespace }}/{{ $labels.deployment }}${c} has had fewer available replicas than it asks for, with no rollout progress, for more than 15 minutes.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeDeploymentRolloutStuck',
        severity: 'warning',
        for: '15m',
        expr: `${q.ksm('kube_deployment_status_condition', 'condition="Progressing"', 'status="false"')} != 0`,
        summary: 'A Deployment rollout is not progressing.',
        description: `The rollout of Deployment {{ $labels.namespace }}/{{ $labels.deployment }}${c} has reported Progressing=false for more than 15 minutes (progress deadline exceeded).`,
      }),
      upstreamAlert(q, {
        alert: 'KubeStatefulSetReplicasMismatch',
        severity: 'warning',
        for: '15m',
        expr: `
(
  ${q.ksm('kube_statefulset_status_replicas_ready')}
    !=
  ${q.ksm('kube_statefulset_replicas')}
) and (
  changes(${q.ksm('kube_statefulset_status_replicas_updated')}[10m]) == 0
)`,
        summary: 'A StatefulSet does not have the replicas it asks for.',
        description: `StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }}${c} has had a different number of ready replicas than desired, with no update progress, for more than 15 minutes.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeStatefulSetGenerationMismatch',
        severity: 'warning',
        for: '15m',
        expr: `${q.ksm('kube_statefulset_status_observed_generation')}\n  !=\n${q.ksm('kube_statefulset_metadata_generation')}`,
        summary: 'A StatefulSet change has not been acted on.',
        description: `The controller has not observed the latest generation of StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }}${c}; a failed update that was not rolled back is the usual cause.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeDaemonSetRolloutStuck',
        severity: 'warning',
        for: q.config.thresholds.daemonSetRolloutStuckFor,
        expr: `
(
  (
    ${q.ksm('kube_daemonset_status_current_number_scheduled')}
      !=
    ${q.ksm('kube_daemonset_status_desired_number_scheduled')}
  ) or (
    ${q.ksm('kube_daemonset_status_number_misscheduled')}
      !=
    0
  ) or (
    ${q.ksm('kube_daemonset_status_updated_number_scheduled')}
      !=
    ${q.ksm('kube_daemonset_status_desired_number_scheduled')}
  ) or (
    ${q.ksm('kube_daemonset_status_number_available')}
      !=
    ${q.ksm('kube_daemonset_status_desired_number_scheduled')}
  )
) and (
  changes(${q.ksm('kube_daemonset_status_updated_number_scheduled')}[5m]) == 0
)`,
        summary: 'A DaemonSet rollout is stuck.',
        description: `DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }}${c} has pods that are unscheduled, misscheduled, outdated or unavailable, and its rollout has not moved for ${q.config.thresholds.daemonSetRolloutStuckFor}.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeContainerWaiting',
        severity: 'warning',
        for: '1h',
        // CrashLoopBackOff has its own alert.
        expr: `${q.ksm('kube_pod_container_status_waiting_reason', 'reason!="CrashLoopBackOff"')} > 0`,
        summary: 'A container has been waiting to start for an hour.',
        description: `Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }}${c} has been waiting for more than an hour (reason: {{ $labels.reason }}).`,
      }),
      upstreamAlert(q, {
        alert: 'KubeJobFailed',
        severity: 'warning',
        for: '15m',
        expr: `${q.ksm('kube_job_failed')} > 0`,
        summary: 'A Job failed.',
        description: `Job {{ $labels.namespace }}/{{ $labels.job_name }}${c} failed. The alert clears once the failed Job has been looked into and deleted.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeJobNotCompleted',
        severity: 'warning',
        // Upstream has no `for`: the threshold itself is hours long.
        for: '0s',
        expr: `
time() - max by (${q.labels('namespace', 'job_name').join(', ')}) (
  ${q.ksm('kube_job_status_start_time')}
    and
  ${q.ksm('kube_job_status_active')} > 0
) > ${durationSeconds(q.config.thresholds.jobNotCompletedAfter)}`,
        summary: 'A Job has not completed in time.',
        description: `Job {{ $labels.namespace }}/{{ $labels.job_name }}${c} has been running for {{ $value | humanizeDuration }}, longer than ${q.config.thresholds.jobNotCompletedAfter}: it may be hung.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeHpaReplicasMismatch',
        severity: 'warning',
        for: '15m',
        expr: `
(
  ${q.ksm('kube_horizontalpodautoscaler_status_desired_replicas')}
    !=
  ${q.ksm('kube_horizontalpodautoscaler_status_current_replicas')}
) and (
  ${q.ksm('kube_horizontalpodautoscaler_status_current_replicas')}
    >
  ${q.ksm('kube_horizontalpodautoscaler_spec_min_replicas')}
) and (
  ${q.ksm('kube_horizontalpodautoscaler_status_current_replicas')}
    <
  ${q.ksm('kube_horizontalpodautoscaler_spec_max_replicas')}
) and (
  changes(${q.ksm('kube_horizontalpodautoscaler_status_current_replicas')}[15m]) == 0
)`,
        summary: 'An autoscaler has not reached its desired replicas.',
        description: `HorizontalPodAutoscaler {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }}${c} has wanted a different number of replicas than it runs for more than 15 minutes.`,
      }),
      upstreamAlert(q, {
        alert: 'KubeHpaMaxedOut',
        severity: 'warning',
        for: '15m',
        // An autoscaler whose minimum is its maximum always runs at it: nothing to tell.
        expr: `
(
  ${q.ksm('kube_horizontalpodautoscaler_status_current_replicas')}
    ==
  ${q.ksm('kube_horizontalpodautoscaler_spec_max_replicas')}
)
and ${q.on('namespace', 'horizontalpodautoscaler')} (
  ${q.ksm('kube_horizontalpodautoscaler_spec_max_replicas')}
    !=
  ${q.ksm('kube_horizontalpodautoscaler_spec_min_replicas')}
)`,
        summary: 'An autoscaler is pinned at its maximum.',
        description: `HorizontalPodAutoscaler {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }}${c} has run at its maximum replicas for more than 15 minutes.`,
      }),
    ],
  };
}
