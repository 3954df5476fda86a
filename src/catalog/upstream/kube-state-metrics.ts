// kube-state-metrics (v2.x) families the alerts and dashboards read. Labels are the ones
// kube-state-metrics itself sets; target labels (job, instance, cluster) come from the scrape.
import { family } from './family.js';

const pod = ['namespace', 'pod', 'uid'] as const;
const container = [...pod, 'container'] as const;
const deployment = ['namespace', 'deployment'] as const;
const statefulset = ['namespace', 'statefulset'] as const;
const daemonset = ['namespace', 'daemonset'] as const;
const hpa = ['namespace', 'horizontalpodautoscaler'] as const;
const node = ['node'] as const;
const pvc = ['namespace', 'persistentvolumeclaim'] as const;

export const kubeStateMetrics = [
  // Pods and containers.
  family(
    'kube_pod_info',
    'gauge',
    [...pod, 'node', 'host_ip', 'pod_ip', 'created_by_kind', 'created_by_name', 'priority_class', 'host_network'],
    'Information about pod.',
  ),
  family(
    'kube_pod_owner',
    'gauge',
    [...pod, 'owner_kind', 'owner_name', 'owner_is_controller'],
    "Information about the Pod's owner.",
  ),
  family('kube_pod_status_phase', 'gauge', [...pod, 'phase'], 'The pods current phase.'),
  family(
    'kube_pod_status_ready',
    'gauge',
    [...pod, 'condition'],
    'Describes whether the pod is ready to serve requests.',
  ),
  family('kube_pod_status_reason', 'gauge', [...pod, 'reason'], 'The pod status reasons.'),
  family(
    'kube_pod_container_status_waiting_reason',
    'gauge',
    [...container, 'reason'],
    'Describes the reason the container is currently in waiting state.',
  ),
  family(
    'kube_pod_container_status_restarts_total',
    'counter',
    container,
    'The number of container restarts per container.',
  ),
  family(
    'kube_pod_container_status_last_terminated_reason',
    'gauge',
    [...container, 'reason'],
    'Describes the last reason the container was in terminated state.',
  ),
  family(
    'kube_pod_spec_volumes_persistentvolumeclaims_info',
    'gauge',
    [...pod, 'volume', 'persistentvolumeclaim'],
    'Information about persistentvolumeclaim volumes in a pod.',
  ),
  family(
    'kube_pod_container_status_ready',
    'gauge',
    container,
    'Describes whether the containers readiness check succeeded.',
  ),
  family(
    'kube_pod_container_resource_requests',
    'gauge',
    [...container, 'node', 'resource', 'unit'],
    'The number of requested request resource by a container.',
  ),
  family(
    'kube_pod_container_resource_limits',
    'gauge',
    [...container, 'node', 'resource', 'unit'],
    'The number of requested limit resource by a container.',
  ),
  // Deployments.
  family('kube_deployment_spec_replicas', 'gauge', deployment, 'Number of desired pods for a deployment.'),
  family(
    'kube_deployment_status_replicas_available',
    'gauge',
    deployment,
    'The number of available replicas per deployment.',
  ),
  family(
    'kube_deployment_status_replicas_updated',
    'gauge',
    deployment,
    'The number of updated replicas per deployment.',
  ),
  family(
    'kube_deployment_status_observed_generation',
    'gauge',
    deployment,
    'The generation observed by the deployment controller.',
  ),
  family(
    'kube_deployment_metadata_generation',
    'gauge',
    deployment,
    'Sequence number representing a specific generation of the desired state.',
  ),
  family(
    'kube_deployment_status_condition',
    'gauge',
    [...deployment, 'condition', 'status', 'reason'],
    'The current status conditions of a deployment.',
  ),
  // StatefulSets.
  family('kube_statefulset_replicas', 'gauge', statefulset, 'Number of desired pods for a StatefulSet.'),
  family('kube_statefulset_status_replicas', 'gauge', statefulset, 'The number of replicas per StatefulSet.'),
  family(
    'kube_statefulset_status_replicas_ready',
    'gauge',
    statefulset,
    'The number of ready replicas per StatefulSet.',
  ),
  family(
    'kube_statefulset_status_replicas_updated',
    'gauge',
    statefulset,
    'The number of updated replicas per StatefulSet.',
  ),
  family(
    'kube_statefulset_status_observed_generation',
    'gauge',
    statefulset,
    'The generation observed by the StatefulSet controller.',
  ),
  family(
    'kube_statefulset_metadata_generation',
    'gauge',
    statefulset,
    'Sequence number representing a specific generation of the desired state for the StatefulSet.',
  ),
  // DaemonSets.
  family(
    'kube_daemonset_status_current_number_scheduled',
    'gauge',
    daemonset,
    'The number of nodes running at least one daemon pod and are supposed to.',
  ),
  family(
    'kube_daemonset_status_desired_number_scheduled',
    'gauge',
    daemonset,
    'The number of nodes that should be running the daemon pod.',
  ),
  family(
    'kube_daemonset_status_number_available',
    'gauge',
    daemonset,
    'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
  ),
  family(
    'kube_daemonset_status_number_misscheduled',
    'gauge',
    daemonset,
    'The number of nodes running a daemon pod but are not supposed to.',
  ),
  family(
    'kube_daemonset_status_updated_number_scheduled',
    'gauge',
    daemonset,
    'The total number of nodes that are running updated daemon pod.',
  ),
  // Jobs.
  // condition is the status of the Job's Failed condition (true, false, unknown); the failure
  // reason is a label of kube_job_status_failed, not of this family.
  family('kube_job_failed', 'gauge', ['namespace', 'job_name', 'condition'], 'The job has failed its execution.'),
  family('kube_job_status_active', 'gauge', ['namespace', 'job_name'], 'The number of actively running pods.'),
  family(
    'kube_job_status_start_time',
    'gauge',
    ['namespace', 'job_name'],
    'StartTime represents time when the job was acknowledged by the Job Manager.',
  ),
  // HorizontalPodAutoscalers.
  family(
    'kube_horizontalpodautoscaler_spec_min_replicas',
    'gauge',
    hpa,
    'Lower limit for the number of pods that can be set by the autoscaler, default 1.',
  ),
  family(
    'kube_horizontalpodautoscaler_spec_max_replicas',
    'gauge',
    hpa,
    'Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
  ),
  family(
    'kube_horizontalpodautoscaler_status_current_replicas',
    'gauge',
    hpa,
    'Current number of replicas of pods managed by this autoscaler.',
  ),
  family(
    'kube_horizontalpodautoscaler_status_desired_replicas',
    'gauge',
    hpa,
    'Desired number of replicas of pods managed by this autoscaler.',
  ),
  // Nodes.
  family(
    'kube_node_info',
    'gauge',
    [
      ...node,
      'kernel_version',
      'os_image',
      'container_runtime_version',
      'kubelet_version',
      'provider_id',
      'internal_ip',
    ],
    'Information about a cluster node.',
  ),
  family('kube_node_role', 'gauge', [...node, 'role'], 'The role of a cluster node.'),
  family('kube_node_status_condition', 'gauge', [...node, 'condition', 'status'], 'The condition of a cluster node.'),
  family('kube_node_spec_unschedulable', 'gauge', node, 'Whether a node can schedule new pods.'),
  family('kube_node_spec_taint', 'gauge', [...node, 'key', 'value', 'effect'], 'The taint of a cluster node.'),
  family(
    'kube_node_status_capacity',
    'gauge',
    [...node, 'resource', 'unit'],
    'The capacity for different resources of a node.',
  ),
  family(
    'kube_node_status_allocatable',
    'gauge',
    [...node, 'resource', 'unit'],
    'The allocatable for different resources of a node that are available for scheduling.',
  ),
  // Storage. label_excluded_from_alerts exists only when kube-state-metrics runs with
  // --metric-labels-allowlist=persistentvolumeclaims=[excluded_from_alerts].
  family(
    'kube_persistentvolumeclaim_access_mode',
    'gauge',
    [...pvc, 'access_mode'],
    'The access mode(s) specified by the persistent volume claim.',
  ),
  family(
    'kube_persistentvolumeclaim_labels',
    'gauge',
    [...pvc, 'label_excluded_from_alerts'],
    'Kubernetes labels converted to Prometheus labels.',
  ),
  family(
    'kube_persistentvolume_status_phase',
    'gauge',
    ['persistentvolume', 'phase'],
    'The phase indicates if a volume is available, bound to a claim, or released by a claim.',
  ),
  // Quotas.
  family(
    'kube_resourcequota',
    'gauge',
    ['namespace', 'resourcequota', 'resource', 'type'],
    'Information about resource quota.',
  ),
] as const;
