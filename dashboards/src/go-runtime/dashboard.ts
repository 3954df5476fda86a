// Go runtime: the processes behind gRPC services written in Go (client_golang's default
// collectors). The variables offer only services that export go_info, as the Node.js
// runtime dashboard offers only those that export nodejs_version_info: each service lands on
// the runtime dashboard of the language it is written in.
import { m } from '../../../src/catalog/index.js';
import { TARGET } from '../context.js';
import type { DashboardDefinition } from '../definition.js';
import { row, statPanel, timeSeriesPanel } from '../panels.js';
import { legend } from '../promql.js';
import { runtimeVariables } from '../runtime.js';
import { goRuntimeQueries } from './queries.js';

const POD = legend(TARGET.pod);

export const goRuntime: DashboardDefinition = {
  slug: 'go-runtime',
  title: 'kansoku / Go runtime',
  description:
    'The Go processes behind gRPC services (client_golang default metrics): goroutines, heap, garbage collection, CPU, file descriptors and restarts.',
  tags: ['go'],
  source: 'dashboards/src/go-runtime/dashboard.ts',
  clusterMetric: m('go_info'),
  build(shell, ctx) {
    const q = goRuntimeQueries(ctx);
    for (const v of runtimeVariables(ctx, m('go_info'), 'Go')) shell.withVariable(v);
    shell
      .withRow(row('Processes'))
      .withPanel(
        statPanel({
          title: 'Go processes',
          description: 'Processes of the selection that export go_info.',
          queries: [{ expr: q.processes(), instant: true }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Restarts in range',
          description: 'Process restarts over the dashboard time range (the process start time changed).',
          thresholds: [
            [null, 'green'],
            [1, 'orange'],
          ],
          queries: [{ expr: q.restartsInRange(), instant: true }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Go versions',
          description: 'Processes per Go version.',
          width: 12,
          queries: [{ expr: q.versions(), legend: legend('version'), instant: true }],
        }),
      )
      .withRow(row('Goroutines and threads'))
      .withPanel(
        timeSeriesPanel({
          title: 'Goroutines',
          description:
            'Goroutines per pod: a line that only grows is a goroutine leak (often a call or stream never closed).',
          unit: 'short',
          queries: [{ expr: q.goroutines(), legend: POD }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'OS threads',
          description: 'OS threads per pod; many more than GOMAXPROCS means goroutines blocked in system calls or cgo.',
          unit: 'short',
          queries: [{ expr: q.threads(), legend: POD }],
        }),
      )
      .withRow(row('Memory'))
      .withPanel(
        timeSeriesPanel({
          title: 'Heap in use and next GC',
          description: 'Heap bytes in use per pod, and the heap size at which the next collection starts.',
          unit: 'bytes',
          queries: [
            { expr: q.heapInUse(), legend: `in use ${POD}` },
            { expr: q.nextGc(), legend: `next GC ${POD}` },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Resident and obtained from the OS',
          description: 'Resident set size per pod, and the bytes the Go runtime obtained from the OS.',
          unit: 'bytes',
          queries: [
            { expr: q.rss(), legend: `RSS ${POD}` },
            { expr: q.sys(), legend: `sys ${POD}` },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Allocation rate',
          description: 'Heap bytes allocated per second per pod: what drives GC frequency.',
          unit: 'Bps',
          queries: [{ expr: q.allocRate(), legend: POD }],
        }),
      )
      .withRow(row('Garbage collection'))
      .withPanel(
        timeSeriesPanel({
          title: 'GC runs per second',
          description: 'Garbage collection cycles per second per pod.',
          unit: 'short',
          queries: [{ expr: q.gcRate(), legend: POD }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Time paused for GC',
          description: 'Share of wall time spent in stop-the-world GC pauses per pod.',
          unit: 'percentunit',
          queries: [{ expr: q.gcTimeShare(), legend: POD }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Longest GC pause',
          description: 'The longest stop-the-world pause of recent cycles per pod (the summary’s quantile 1).',
          unit: 's',
          queries: [{ expr: q.gcPauseMax(), legend: POD }],
        }),
      )
      .withRow(row('CPU and file descriptors'))
      .withPanel(
        timeSeriesPanel({
          title: 'CPU',
          description: 'CPU seconds per second per pod (1 = one core).',
          unit: 'short',
          queries: [{ expr: q.cpu(), legend: POD }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'File descriptors used',
          description: 'Open file descriptors over the limit per pod.',
          unit: 'percentunit',
          max: 1,
          queries: [{ expr: q.fdsUsedRatio(), legend: POD }],
        }),
      );
  },
};
