// Every error @kansoku/instrumentation raises or logs on purpose carries one of these codes,
// each listed in docs/errors.md (a test checks both directions). Codes are never reused.

export const ERROR_CODES = {
  /** createObservability was given options it cannot use; the message lists every problem. */
  options: 'KANSOKU_ERR_INSTRUMENTATION_OPTIONS',
  /** The metrics endpoint could not listen (port taken, no permission), or failed later; calls go on. */
  metricsListen: 'KANSOKU_ERR_METRICS_LISTEN',
  /** Rendering /metrics failed; the scrape gets HTTP 500. */
  metricsRender: 'KANSOKU_ERR_METRICS_RENDER',
  /** Spans could not be exported (collector down, timeout); they are dropped and counted. */
  spanExport: 'KANSOKU_ERR_SPAN_EXPORT',
  /** Direct shipping of log lines to Elasticsearch failed or fell behind; lines are dropped and counted. */
  logShipping: 'KANSOKU_ERR_LOG_SHIPPING',
  /** The instrumentation itself failed while observing a call; the call is not affected. */
  interceptor: 'KANSOKU_ERR_INTERCEPTOR',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class KansokuError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KansokuError';
    this.code = code;
  }
}

/** The error thrown by createObservability: one error naming every problem with the options. */
export class InvalidOptionsError extends KansokuError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      ERROR_CODES.options,
      `invalid @kansoku/instrumentation options (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'InvalidOptionsError';
    this.problems = problems;
  }
}
