// How the library reports its own failures: every occurrence is counted in
// kansoku_instrumentation_errors_total{component}, and the first of each component and
// code is logged, so a collector that is down for an hour gives one log line, not thousands.
import type { Logger } from 'pino';
import type { ErrorCode } from './errors.js';
import { LOG_FIELDS } from './logging/fields.js';

export interface ProblemReporter {
  report(component: string, code: ErrorCode, err: unknown, message: string): void;
}

export interface ReporterSinks {
  count(component: string): void;
  /** Set once the logger exists; problems before that are counted only. */
  logger: Logger | undefined;
}

export function createProblemReporter(sinks: ReporterSinks): ProblemReporter {
  const logged = new Set<string>();
  return {
    report(component, code, err, message) {
      try {
        sinks.count(component);
        const key = `${component}\u0000${code}`;
        if (logged.has(key) || sinks.logger === undefined) return;
        logged.add(key);
        sinks.logger.warn(
          { err, [LOG_FIELDS.errorCode.name]: code, [LOG_FIELDS.component.name]: component },
          `${message} (${code}; further occurrences are counted in kansoku_instrumentation_errors_total, not logged)`,
        );
      } catch {
        // Reporting must never become the failure that reaches a call.
      }
    },
  };
}
