// Turns a parsed kansoku.yaml into the configuration generation reads, and lists every
// problem with the path where it is (`slos[0].latency.threshold: …`). The schema checks the
// shape; this adds what a schema cannot say (selector syntax, durations against each other,
// thresholds against the histogram's buckets). A value the schema already refused is not
// reported twice.
import { DEFAULT_BUCKETS, type GrpcCodeName } from '@kansoku/instrumentation';
import { parseDuration } from '../duration/prometheus-duration.js';
import { selectorProblem } from '../promql/selector.js';
import { alertGroupsOn } from './alert-groups.js';
import { DEFAULT_DASHBOARD_SETTINGS } from './dashboard-settings.js';
import type { KansokuConfig } from './kansoku-config.js';
import type { KansokuFile, SloEntry } from './kansoku-file.js';
import { type MonitoringConfig, type MonitoringConfigInput, resolveMonitoringConfig } from './monitoring-config.js';
import { schemaProblems } from './schema-problems.js';
import type { SloDefinition } from './slo.js';

/** Where the file names what monitoring-config.ts calls otherwise. */
const RENAMED: [string, string][] = [
  ['clusterLabel.name', 'cluster.label'],
  ['clusterLabel.enabled', 'cluster.enabled'],
  ['runbooks.upstreamPattern', 'alerts.runbookUrlPattern'],
  ['runbooks.ownPattern', 'alerts.runbookUrlPattern'],
];

const DEFAULT_SLO_WINDOW = '30d';

export interface Resolved {
  /** Present when there is no problem. */
  config?: KansokuConfig;
  problems: string[];
}

/** The configuration a document (parsed YAML, `{}` for none) describes, or every problem with it. */
export function resolveConfig(document: unknown): Resolved {
  const shape = schemaProblems(document);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return { problems: shape };
  const file = document as KansokuFile;
  const monitoring = resolveMonitoringConfig(monitoringInput(file));
  const latencyBuckets = file.services?.latencyBuckets ?? DEFAULT_BUCKETS;
  const slos = sloDefinitions(file.slos ?? [], monitoring.config, latencyBuckets);
  const refused = shape.map(pathOfProblem);
  const semantic = [...monitoring.problems.map(renamed), ...slos.problems].filter(
    (p) => !refused.some((r) => underPath(pathOfProblem(p), r)),
  );
  const problems = [...new Set([...shape, ...semantic])];
  if (problems.length > 0) return { problems };
  return {
    problems,
    config: {
      monitoring: monitoring.config,
      slos: slos.definitions,
      latencyBuckets,
      alerts: {
        groups: alertGroupsOn(file.alerts?.groups),
        disabled: file.alerts?.disabled ?? [],
        extraLabels: file.alerts?.extraLabels ?? {},
      },
      dashboards: { ...DEFAULT_DASHBOARD_SETTINGS, ...file.dashboards },
    },
  };
}

function monitoringInput(file: KansokuFile): MonitoringConfigInput {
  const input: MonitoringConfigInput = {
    // On unless the file says otherwise, as in kubernetes-mixin: it costs nothing on one cluster.
    clusterLabel: { name: file.cluster?.label ?? 'cluster', enabled: file.cluster?.enabled ?? true },
  };
  if (file.selectors) input.selectors = file.selectors;
  if (file.namespaceSelector !== undefined) input.namespaceSelector = file.namespaceSelector;
  if (file.targetLabels) input.targetLabels = file.targetLabels;
  if (file.scrapeInterval !== undefined) input.scrapeInterval = file.scrapeInterval;
  if (file.thresholds) input.thresholds = file.thresholds;
  if (file.burnRates) input.burnRates = file.burnRates;
  const pattern = file.alerts?.runbookUrlPattern;
  if (pattern !== undefined) input.runbooks = { upstreamPattern: pattern, ownPattern: pattern };
  return input;
}

function sloDefinitions(
  entries: readonly SloEntry[],
  monitoring: MonitoringConfig,
  buckets: readonly number[],
): { definitions: SloDefinition[]; problems: string[] } {
  const problems: string[] = [];
  const definitions: SloDefinition[] = [];
  if (!Array.isArray(entries)) return { definitions, problems };
  const longest = Math.max(...monitoring.burnRates.map((w) => parseDuration(w.long) ?? 0));
  const names = new Map<string, number>();
  entries.forEach((entry, i) => {
    const at = `slos[${i}]`;
    if (typeof entry !== 'object' || entry === null) return;
    if (!entry.availability && !entry.latency)
      problems.push(`${at}: needs an availability or a latency objective (or both)`);
    if (typeof entry.service === 'string' && /["\\\n]/.test(entry.service))
      problems.push(`${at}.service: must not contain quotes, backslashes or line breaks`);
    const window = entry.window ?? DEFAULT_SLO_WINDOW;
    const seconds = typeof window === 'string' ? parseDuration(window) : undefined;
    if (seconds !== undefined && seconds < longest)
      problems.push(`${at}.window: ${window} is shorter than the longest burn-rate window; the budget cannot be read`);
    if (entry.selector !== undefined) {
      const problem = selectorProblem(entry.selector);
      if (problem) problems.push(`${at}.selector: ${problem}`);
    }
    const latency = entry.latency;
    if (latency && typeof latency.threshold === 'number' && !buckets.includes(latency.threshold)) {
      problems.push(
        `${at}.latency.threshold: ${latency.threshold} is not a bucket of the services' histogram; buckets are ${buckets.join(', ')} (services.latencyBuckets)`,
      );
    }
    const prefix = entry.name ?? (typeof entry.service === 'string' ? entry.service.toLowerCase() : `slo-${i}`);
    for (const kind of ['availability', 'latency'] as const) {
      const indicator = entry[kind];
      if (!indicator) continue;
      // toPrecision: 99.9 / 100 is 0.9990000000000001 in floating point.
      const objective = Number((indicator.objective / 100).toPrecision(12));
      for (const w of monitoring.burnRates) {
        if (typeof indicator.objective === 'number' && w.factor * (1 - objective) >= 1) {
          problems.push(
            `${at}.${kind}.objective: ${indicator.objective} leaves a budget so large that the ${w.long}/${w.short} alert (factor ${w.factor}) can never fire`,
          );
          break;
        }
      }
      const name = `${prefix}-${kind}`;
      const other = names.get(name);
      if (other !== undefined)
        problems.push(`${at}: its ${kind} SLO is named ${name}, like that of slos[${other}]; set name`);
      names.set(name, i);
      definitions.push({
        name,
        service: entry.service,
        objective,
        window,
        ...(entry.selector !== undefined && { selector: entry.selector }),
        ...(entry.methods !== undefined && { methods: entry.methods }),
        indicator:
          kind === 'availability'
            ? {
                kind,
                ...(entry.availability?.errorCodes && { errorCodes: entry.availability.errorCodes as GrpcCodeName[] }),
              }
            : { kind, thresholdSeconds: (entry.latency as { threshold: number }).threshold },
      });
    }
  });
  return { definitions, problems };
}

function renamed(problem: string): string {
  for (const [from, to] of RENAMED) if (problem.startsWith(`${from}:`)) return `${to}${problem.slice(from.length)}`;
  return problem;
}

function pathOfProblem(problem: string): string {
  const i = problem.indexOf(': ');
  return i < 0 ? problem : problem.slice(0, i);
}

function underPath(path: string, parent: string): boolean {
  return parent === '(top level)' || path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}
