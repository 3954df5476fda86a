// HTTPS requests to the test API server (and the other control-plane components) that
// trust the cluster's own CA. fetch() cannot be given a CA without undici's dispatcher,
// which is not a dependency here, so this is node:https.
import { request } from 'node:https';

export interface ApiResponse {
  status: number;
  body: string;
}

export interface ApiRequest {
  method?: string;
  token?: string;
  ca: string;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

export function apiRequest(url: string, options: ApiRequest): Promise<ApiResponse> {
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        headers: {
          accept: 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(payload === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
        },
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${url}: no answer in time`)));
    req.on('error', reject);
    req.end(payload);
  });
}
