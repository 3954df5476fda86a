// The errors dashboard generation raises on purpose. Each code is listed in
// docs/errors.md ("Dashboards and alerts generation") and never reused.

export const DASHBOARD_ERROR_CODES = {
  /** The options passed to buildDashboards() are invalid; the message lists every problem. */
  options: 'KANSOKU_ERR_DASHBOARD_OPTIONS',
  /** A generated dashboard breaks an invariant the generator promises (unique uid, panel ids, queries). */
  invalid: 'KANSOKU_ERR_DASHBOARD_INVALID',
} as const;

export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[keyof typeof DASHBOARD_ERROR_CODES];

export class KansokuDashboardError extends Error {
  readonly code: DashboardErrorCode;
  /** Every problem found, so that one run reports all of them. */
  readonly problems: readonly string[];

  constructor(code: DashboardErrorCode, summary: string, problems: readonly string[] = []) {
    super(problems.length > 0 ? `${summary}:\n  - ${problems.join('\n  - ')}` : summary);
    this.name = 'KansokuDashboardError';
    this.code = code;
    this.problems = problems;
  }
}
