// Input `kansoku analyze` cannot use: a flag, a dashboard file or a rule file (docs/errors.md).
// Prometheus's own failures are PrometheusApiErrors (src/prometheus/http-api.ts).
export class AnalyzeError extends Error {
  readonly code = 'KANSOKU_ERR_ANALYZE_INPUT';
  override name = 'AnalyzeError';
}
