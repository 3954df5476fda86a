// The kubelet's own /metrics families the alerts and dashboards read (not cAdvisor's).
import { family } from './family.js';

const volume = ['namespace', 'persistentvolumeclaim'] as const;

export const kubelet = [
  family('kubelet_node_name', 'gauge', ['node'], "The node's name. The count is always 1."),
  family('kubelet_running_pods', 'gauge', [], 'Number of pods that have a running pod sandbox.'),
  family('kubelet_running_containers', 'gauge', ['container_state'], 'Number of containers currently running.'),
  family('kubelet_pleg_relist_duration_seconds', 'histogram', [], 'Duration in seconds for relisting pods in PLEG.'),
  family(
    'kubelet_pod_worker_duration_seconds',
    'histogram',
    ['operation_type'],
    'Duration in seconds to sync a single pod, by operation type.',
  ),
  family('kubelet_volume_stats_available_bytes', 'gauge', volume, 'Number of available bytes in the volume.'),
  family('kubelet_volume_stats_capacity_bytes', 'gauge', volume, 'Capacity in bytes of the volume.'),
  family('kubelet_volume_stats_used_bytes', 'gauge', volume, 'Number of used bytes in the volume.'),
  family('kubelet_volume_stats_inodes', 'gauge', volume, 'Maximum number of inodes in the volume.'),
  family('kubelet_volume_stats_inodes_free', 'gauge', volume, 'Number of free inodes in the volume.'),
  family('kubelet_volume_stats_inodes_used', 'gauge', volume, 'Number of used inodes in the volume.'),
  family(
    'kubelet_certificate_manager_client_ttl_seconds',
    'gauge',
    [],
    "Seconds until the kubelet's client certificate expires (negative once expired).",
  ),
  family(
    'kubelet_certificate_manager_server_ttl_seconds',
    'gauge',
    [],
    "Seconds until the kubelet's serving certificate expires (negative once expired).",
  ),
  // The kubelet names these two counters without _total.
  family(
    'kubelet_certificate_manager_client_expiration_renew_errors',
    'counter',
    [],
    'Counter of certificate renewal errors of the client certificate.',
  ),
  family(
    'kubelet_server_expiration_renew_errors',
    'counter',
    [],
    'Counter of certificate renewal errors of the serving certificate.',
  ),
] as const;
