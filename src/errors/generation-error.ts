// The one error type of dashboards and alerts generation. It carries every problem found,
// not just the first, so one run tells the author everything to fix.

export const GENERATION_ERROR_CODES = {
  /** kansoku.yaml cannot be read, is not YAML, or does not describe a valid configuration. */
  configFile: 'KANSOKU_ERR_CONFIG',
  /** The monitoring configuration (selectors, thresholds, burn-rate policy) is invalid. */
  config: 'KANSOKU_ERR_MONITORING_CONFIG',
  /** An SLO definition is invalid (objective, service, latency threshold, window). */
  slo: 'KANSOKU_ERR_SLO_DEFINITION',
  /** A generated query does not parse, or names a metric or label no catalogue lists. */
  promqlName: 'KANSOKU_ERR_PROMQL_NAME',
  /** A generated alert breaks the alert lint (no for, severity or annotation). A bug in alerts/src. */
  alertInvalid: 'KANSOKU_ERR_ALERT_INVALID',
} as const;

export type GenerationErrorCode = (typeof GENERATION_ERROR_CODES)[keyof typeof GENERATION_ERROR_CODES];

export class GenerationError extends Error {
  readonly code: GenerationErrorCode;
  readonly problems: readonly string[];

  constructor(code: GenerationErrorCode, what: string, problems: readonly string[]) {
    super(`${code}: ${what}: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'GenerationError';
    this.code = code;
    this.problems = problems;
  }
}
