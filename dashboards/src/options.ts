// The one options object of dashboard generation, validated once by resolveOptions().
// Selectors, the cluster label and thresholds are not dashboard options: they come from
// the shared monitoring configuration, so that dashboards and alerts can never disagree.
import { DASHBOARD_ERROR_CODES, KansokuDashboardError } from './errors.js';

export interface DashboardOptions {
  /** Prepended to every dashboard uid (`<prefix>-grpc-overview`). Default `kansoku`. */
  uidPrefix?: string;
  /** Tags on every dashboard, in addition to each dashboard's own. Default `['kansoku']`. */
  tags?: readonly string[];
  /** Auto-refresh interval. Default `30s`. */
  refresh?: string;
  /** Default time range, back from now. Default `1h`. */
  timeRange?: string;
  /** `browser`, `utc` or an IANA zone. Default `browser`. */
  timezone?: string;
  /** What generated the dashboards, named in each description. Default `kansoku generate`. */
  generatedBy?: string;
}

export interface ResolvedOptions {
  uidPrefix: string;
  tags: readonly string[];
  refresh: string;
  timeRange: string;
  timezone: string;
  generatedBy: string;
}

export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  uidPrefix: 'kansoku',
  tags: Object.freeze(['kansoku']),
  refresh: '30s',
  timeRange: '1h',
  timezone: 'browser',
  generatedBy: 'kansoku generate',
});

const KNOWN_KEYS = new Set(Object.keys(DEFAULT_OPTIONS));
// Grafana uids are at most 40 characters; the longest suffix a kansoku dashboard adds is 20.
const UID_PREFIX = /^[a-z0-9][a-z0-9-]{0,18}$/;
const GRAFANA_DURATION = /^\d+(s|m|h|d|w)$/;
const TAG = /^[\w .:/-]{1,50}$/;

/** Fills in defaults and checks everything at once; throws KANSOKU_ERR_DASHBOARD_OPTIONS listing every problem. */
export function resolveOptions(options: DashboardOptions = {}): ResolvedOptions {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new KansokuDashboardError(DASHBOARD_ERROR_CODES.options, 'dashboard options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.has(key)) problems.push(`unknown option "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
  }
  const resolved: ResolvedOptions = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
  if (typeof resolved.uidPrefix !== 'string' || !UID_PREFIX.test(resolved.uidPrefix)) {
    problems.push(
      `uidPrefix ${JSON.stringify(resolved.uidPrefix)} must be 1-19 lower-case letters, digits or dashes, starting with a letter or digit`,
    );
  }
  if (!Array.isArray(resolved.tags)) problems.push('tags must be an array of strings');
  else {
    resolved.tags.forEach((tag, i) => {
      if (typeof tag !== 'string' || !TAG.test(tag)) problems.push(`tags[${i}] ${JSON.stringify(tag)} is not a tag`);
    });
  }
  for (const key of ['refresh', 'timeRange'] as const) {
    const value = resolved[key];
    if (typeof value !== 'string' || !GRAFANA_DURATION.test(value)) {
      problems.push(`${key} ${JSON.stringify(value)} must be a duration such as 30s, 5m, 1h or 7d`);
    }
  }
  if (typeof resolved.timezone !== 'string' || !/^[\w/+-]{1,64}$/.test(resolved.timezone))
    problems.push(`timezone ${JSON.stringify(resolved.timezone)} must be browser, utc or an IANA time zone`);
  if (typeof resolved.generatedBy !== 'string' || resolved.generatedBy.trim() === '')
    problems.push('generatedBy must be a non-empty string');
  if (problems.length > 0) {
    throw new KansokuDashboardError(DASHBOARD_ERROR_CODES.options, 'invalid dashboard options', problems);
  }
  return Object.freeze({ ...resolved, tags: Object.freeze([...new Set(resolved.tags)]) });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
