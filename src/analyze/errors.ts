// The two ways `kansoku analyze` refuses to go on, each with its code (docs/errors.md).
export const ANALYZE_ERROR_CODES = {
  /** A flag, a dashboard file or a rule file the command cannot use. */
  input: 'KANSOKU_ERR_ANALYZE_INPUT',
  /** Prometheus could not be reached, or answered with an error. */
  prometheus: 'KANSOKU_ERR_ANALYZE_PROMETHEUS',
} as const;

export type AnalyzeErrorCode = (typeof ANALYZE_ERROR_CODES)[keyof typeof ANALYZE_ERROR_CODES];

export class AnalyzeError extends Error {
  readonly code: AnalyzeErrorCode;

  constructor(code: AnalyzeErrorCode, message: string) {
    super(message);
    this.name = 'AnalyzeError';
    this.code = code;
  }
}
