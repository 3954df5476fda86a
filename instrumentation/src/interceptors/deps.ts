// What an interceptor of one side needs, assembled once by createObservability; optional
// parts are undefined when switched off, so the call path tests one field to skip them.
import type { CallContext } from '../call-scope.js';
import type { MethodTable } from '../grpc/method-table.js';
import type { AccessLog } from '../logging/access-log.js';
import type { CallMetrics } from '../metrics/call-metrics.js';
import type { ProblemReporter } from '../problem-reporter.js';
import type { Tracing } from '../tracing/tracing.js';

export interface InterceptorDeps {
  table: MethodTable;
  metrics: CallMetrics | undefined;
  tracing: Tracing | undefined;
  /** Present when tracing is on (or a context manager is registered): where the current span is found. */
  scope: CallContext | undefined;
  accessLog: AccessLog | undefined;
  exemplars: boolean;
  reporter: ProblemReporter;
}
