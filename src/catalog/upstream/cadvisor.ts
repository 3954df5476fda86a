// cAdvisor families, as the kubelet serves them on /metrics/cadvisor.
import { family } from './family.js';

const container = ['namespace', 'pod', 'container', 'id', 'image', 'name'] as const;

export const cadvisor = [
  family(
    'container_cpu_usage_seconds_total',
    'counter',
    [...container, 'cpu'],
    'Cumulative cpu time consumed in seconds.',
  ),
  family('container_cpu_cfs_periods_total', 'counter', container, 'Number of elapsed enforcement period intervals.'),
  family('container_cpu_cfs_throttled_periods_total', 'counter', container, 'Number of throttled period intervals.'),
  family('container_memory_working_set_bytes', 'gauge', container, 'Current working set in bytes.'),
  family('container_memory_rss', 'gauge', container, 'Size of RSS in bytes.'),
  family('container_memory_cache', 'gauge', container, 'Number of bytes of page cache memory.'),
  family(
    'container_network_receive_bytes_total',
    'counter',
    [...container, 'interface'],
    'Cumulative count of bytes received.',
  ),
  family(
    'container_network_transmit_bytes_total',
    'counter',
    [...container, 'interface'],
    'Cumulative count of bytes transmitted.',
  ),
  family(
    'container_oom_events_total',
    'counter',
    container,
    'Count of out of memory events observed for the container.',
  ),
] as const;
