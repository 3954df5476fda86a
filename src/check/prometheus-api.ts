// The one Prometheus HTTP API call `kansoku check` needs: an instant query, its errors as
// one line naming the server.

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export type Query = (expr: string) => Promise<Sample[]>;

/** Instant queries against the Prometheus at `url` (its base URL, e.g. http://prometheus:9090). */
export function prometheusQuery(url: string, timeoutMs = 15_000): Query {
  const base = url.replace(/\/+$/, '');
  return async (expr) => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new Error(`cannot reach Prometheus at ${base}: ${(err as Error).cause ?? (err as Error).message}`);
    }
    const body = (await response.json().catch(() => undefined)) as
      | { status?: string; error?: string; data?: { resultType?: string; result?: Sample[] } }
      | undefined;
    if (!response.ok || body?.status !== 'success')
      throw new Error(
        `Prometheus at ${base} answered ${response.status} to ${expr}: ${body?.error ?? 'not the query API'}`,
      );
    return body.data?.resultType === 'vector' ? (body.data.result ?? []) : [];
  };
}
