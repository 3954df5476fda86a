// node-exporter families. No kubernetes-mixin alert and no kansoku dashboard reads them yet;
// they are listed so that node-level queries added later are checked like the rest.
import { family } from './family.js';

const filesystem = ['device', 'fstype', 'mountpoint'] as const;

export const nodeExporter = [
  family('node_cpu_seconds_total', 'counter', ['cpu', 'mode'], 'Seconds the CPUs spent in each mode.'),
  family('node_load1', 'gauge', [], '1m load average.'),
  family('node_memory_MemAvailable_bytes', 'gauge', [], 'Memory information field MemAvailable_bytes.'),
  family('node_memory_MemTotal_bytes', 'gauge', [], 'Memory information field MemTotal_bytes.'),
  family('node_filesystem_avail_bytes', 'gauge', filesystem, 'Filesystem space available to non-root users in bytes.'),
  family('node_filesystem_size_bytes', 'gauge', filesystem, 'Filesystem size in bytes.'),
  family('node_network_receive_bytes_total', 'counter', ['device'], 'Network device statistic receive_bytes.'),
  family('node_network_transmit_bytes_total', 'counter', ['device'], 'Network device statistic transmit_bytes.'),
] as const;
