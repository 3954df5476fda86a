// Node.js runtime: is a process starved (event-loop lag, CPU), leaking (heap by space,
// handles, file descriptors), pausing (GC) or restarting?
import { METRICS } from '@kansoku/instrumentation';
import { TARGET } from '../context.js';
import type { DashboardDefinition } from '../definition.js';
import { row, statPanel, timeSeriesPanel } from '../panels.js';
import { legend } from '../promql.js';
import { runtimeVariables } from '../runtime.js';
import { nodejsRuntimeQueries } from './queries.js';

const POD = legend(TARGET.pod);

export const nodejsRuntime: DashboardDefinition = {
  slug: 'nodejs-runtime',
  title: 'kansoku / Node.js runtime',
  description:
    'The Node.js processes behind the gRPC services: event-loop lag, heap by V8 space, garbage collection, CPU, handles and restarts.',
  tags: ['nodejs'],
  source: 'dashboards/src/nodejs-runtime/dashboard.ts',
  clusterMetric: METRICS.processStartTime.name,
  build(shell, ctx) {
    const q = nodejsRuntimeQueries(ctx);
    for (const v of runtimeVariables(ctx, METRICS.nodejsVersionInfo.name, 'Node.js')) shell.withVariable(v);
    shell
      .withRow(row('Processes'))
      .withPanel(
        statPanel({
          title: 'Processes',
          description: 'Node.js processes of the selection that Prometheus scrapes now.',
          unit: 'short',
          queries: [{ expr: q.processes() }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Restarts in range',
          description:
            'How often a process restarted in its pod over the dashboard’s time range (its start time changed): crashes and OOM kills. A rollout replaces pods instead and shows as new pods.',
          unit: 'short',
          thresholds: [
            [null, 'green'],
            [1, 'yellow'],
            [5, 'red'],
          ],
          queries: [{ expr: q.restartsInRange() }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Worst event-loop lag p99',
          description: 'The highest 99th-percentile event-loop delay of any selected process.',
          unit: 's',
          thresholds: [
            [null, 'green'],
            [0.1, 'yellow'],
            [0.5, 'red'],
          ],
          queries: [{ expr: q.worstLagP99() }],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Node.js versions',
          description: 'Processes per Node.js version: more than one during a rollout, one otherwise.',
          unit: 'short',
          queries: [{ expr: q.versions(), legend: legend(q.labels.version), instant: true }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Restarts',
          description: 'Process restarts per pod: a change of the process start time within the same pod.',
          unit: 'short',
          queries: [{ expr: q.restarts(), legend: POD }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Uptime',
          description: 'Time since each process started.',
          unit: 's',
          queries: [{ expr: q.uptime(), legend: POD }],
        }),
      );

    shell
      .withRow(row('Event loop'))
      .withPanel(
        timeSeriesPanel({
          title: 'Event-loop lag p99',
          description:
            'How late timers fire, 99th percentile, per process: a blocked event loop delays every call it serves.',
          unit: 's',
          queries: [{ expr: q.lag('p99'), legend: POD }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Event-loop lag distribution',
          description: 'Mean, p50, p90 and max event-loop delay over every selected process (worst process per line).',
          unit: 's',
          queries: (['mean', 'p50', 'p90', 'max'] as const).map((which) => ({
            expr: `max(${q.lag(which)})`,
            legend: which,
          })),
        }),
      );

    shell
      .withRow(row('Memory'))
      .withPanel(
        timeSeriesPanel({
          title: 'Process memory',
          description: 'Resident set size, V8 heap (total and used) and external memory (Buffers) per process.',
          unit: 'bytes',
          width: 24,
          queries: [
            { expr: q.rss(), legend: `rss ${POD}` },
            { expr: q.heapTotal(), legend: `heap total ${POD}` },
            { expr: q.heapUsed(), legend: `heap used ${POD}` },
            { expr: q.external(), legend: `external ${POD}` },
          ],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Heap used by space',
          description:
            'V8 heap used per space, stacked, over the selection: a steady climb of old_space is the usual leak.',
          unit: 'bytes',
          stack: true,
          queries: [{ expr: q.heapSpaceUsed(), legend: legend(q.labels.space) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Heap space fullness',
          description: 'Used over size of each V8 heap space.',
          unit: 'percentunit',
          min: 0,
          max: 1,
          queries: [{ expr: q.heapSpaceUsedRatio(), legend: legend(q.labels.space) }],
        }),
      );

    shell
      .withRow(row('Garbage collection'))
      .withPanel(
        timeSeriesPanel({
          title: 'GC runs by kind',
          description: 'Garbage collections per second, per process and kind (minor, major, incremental, weakcb).',
          unit: 'ops',
          queries: [{ expr: q.gcRate(), legend: `${POD} ${legend(q.labels.kind)}` }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Time in GC',
          description: 'Share of wall-clock time each process spent in garbage collection.',
          unit: 'percentunit',
          min: 0,
          queries: [{ expr: q.gcTimeShare(), legend: POD }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Mean GC pause by kind',
          description: 'Mean duration of one collection, per kind, over the selection.',
          unit: 's',
          queries: [{ expr: q.gcMeanPause(), legend: legend(q.labels.kind) }],
        }),
      );

    shell
      .withRow(row('CPU'))
      .withPanel(
        timeSeriesPanel({
          title: 'CPU by process',
          description: 'CPU seconds per second each process used, user and system together; 1 is one core.',
          unit: 'short',
          queries: [{ expr: q.cpuTotal(), legend: POD }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'CPU user and system',
          description:
            'User and system CPU over the selection: much system time points at I/O or syscalls, not JavaScript.',
          unit: 'short',
          stack: true,
          queries: [
            { expr: `sum(${q.cpu('user')})`, legend: 'user' },
            { expr: `sum(${q.cpu('system')})`, legend: 'system' },
          ],
        }),
      );

    shell
      .withRow(row('Handles and resources'))
      .withPanel(
        timeSeriesPanel({
          title: 'Active handles by type',
          description:
            'libuv handles (sockets, timers, servers) keeping the event loop alive, over the selection: a climb is a leak.',
          unit: 'short',
          queries: [{ expr: q.handlesByType(), legend: legend(q.labels.handleType) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Active requests by type',
          description: 'libuv requests in progress (file system, DNS), over the selection.',
          unit: 'short',
          queries: [{ expr: q.requestsByType(), legend: legend(q.labels.requestType) }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'Active resources',
          description: 'Async resources keeping the event loop alive, per process.',
          unit: 'short',
          queries: [{ expr: q.resourcesTotal(), legend: POD }],
        }),
      )
      .withPanel(
        timeSeriesPanel({
          title: 'File descriptors used',
          description: 'Open file descriptors over the process limit: at 1 the process can open no socket or file.',
          unit: 'percentunit',
          min: 0,
          queries: [{ expr: q.fdsUsedRatio(), legend: POD }],
        }),
      );
  },
};
