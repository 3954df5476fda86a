// client_golang's default collectors (Go runtime and process), which a Go gRPC service
// instrumented with go-grpc-middleware exports beside its gRPC families. The process_*
// families share their names with prom-client's and are catalogued once, by the
// instrumentation; these are the Go-only ones.
import { family } from './family.js';

export const goRuntime = [
  family('go_info', 'gauge', ['version'], 'Information about the Go environment.'),
  family('go_goroutines', 'gauge', [], 'Number of goroutines that currently exist.'),
  family('go_threads', 'gauge', [], 'Number of OS threads created.'),
  family(
    'go_gc_duration_seconds',
    'summary',
    [],
    'A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.',
  ),
  family('go_memstats_alloc_bytes', 'gauge', [], 'Number of bytes allocated in heap and currently in use.'),
  family(
    'go_memstats_alloc_bytes_total',
    'counter',
    [],
    'Total number of bytes allocated in heap until now, even if released already.',
  ),
  family('go_memstats_heap_inuse_bytes', 'gauge', [], 'Number of heap bytes that are in use.'),
  family('go_memstats_heap_idle_bytes', 'gauge', [], 'Number of heap bytes waiting to be used.'),
  family('go_memstats_heap_objects', 'gauge', [], 'Number of currently allocated objects.'),
  family(
    'go_memstats_next_gc_bytes',
    'gauge',
    [],
    'Number of heap bytes when next garbage collection will take place.',
  ),
  family('go_memstats_sys_bytes', 'gauge', [], 'Number of bytes obtained from system.'),
  family(
    'go_memstats_stack_inuse_bytes',
    'gauge',
    [],
    'Number of bytes obtained from system for stack allocator in non-CGO environments.',
  ),
] as const;
