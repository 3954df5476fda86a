// The Prometheus HTTP API calls the commands make (`kansoku check`, `kansoku analyze`): only
// the API, never the TSDB on disk. Every failure becomes one PrometheusApiError whose message
// names the URL, the API path and what went wrong, in one line.

/** Prometheus could not be reached, or answered with an error or with something else than its API. */
export class PrometheusApiError extends Error {
  readonly code = 'KANSOKU_ERR_PROMETHEUS_API';
  override name = 'PrometheusApiError';
}

export interface TsdbStatus {
  headStats: { numSeries: number; numLabelPairs: number; chunkCount: number };
  seriesCountByMetricName: { name: string; value: number }[];
  labelValueCountByLabelName: { name: string; value: number }[];
}

/** One series of an instant vector. */
export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusApi {
  readonly url: string;
  /** /api/v1/status/tsdb with room for `limit` metric names. */
  tsdbStatus(limit: number): Promise<TsdbStatus>;
  labelValues(label: string, match?: string): Promise<string[]>;
  labelNames(match: string): Promise<string[]>;
  query(expr: string): Promise<VectorSample[]>;
}

export interface PrometheusApiOptions {
  url: string;
  /** Per request. Default 60 s. */
  timeoutMs?: number;
}

export function createPrometheusApi(options: PrometheusApiOptions): PrometheusApi {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const base = new URL(options.url);
  const headers: Record<string, string> = { accept: 'application/json' };
  // fetch refuses URLs with credentials: move them into the header Prometheus's
  // basic auth (or the proxy in front of it) reads.
  if (base.username || base.password) {
    const user = decodeURIComponent(base.username);
    const password = decodeURIComponent(base.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  const shown = base.toString().replace(/\/$/, '');

  async function get<T>(path: string, params: Record<string, string | undefined>): Promise<T> {
    const url = new URL(`${base.pathname.replace(/\/$/, '')}/api/v1/${path}`, base);
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
    const what = `${shown} (GET /api/v1/${path})`;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new PrometheusApiError(`cannot reach Prometheus at ${what}: ${reason}`);
    }
    const text = await response.text();
    let body: { status?: string; data?: T; error?: string; errorType?: string } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
    if (!response.ok || body?.status !== 'success') {
      const detail = body?.error ? `${body.errorType ?? 'error'}: ${body.error}` : excerpt(text);
      throw new PrometheusApiError(
        body === undefined && response.ok
          ? `${what} did not answer with the Prometheus API's JSON: ${excerpt(text)}`
          : `Prometheus at ${what} answered HTTP ${response.status}: ${detail}`,
      );
    }
    return body.data as T;
  }

  return {
    url: shown,
    tsdbStatus: (limit) => get<TsdbStatus>('status/tsdb', { limit: String(limit) }),
    labelValues: (label, match) => get<string[]>(`label/${encodeURIComponent(label)}/values`, { 'match[]': match }),
    labelNames: (match) => get<string[]>('labels', { 'match[]': match }),
    async query(expr) {
      const data = await get<{ resultType: string; result: VectorSample[] }>('query', { query: expr });
      return data.resultType === 'vector' ? data.result : [];
    },
  };
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || '(empty body)';
}
