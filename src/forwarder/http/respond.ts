// JSON answers for the forwarder's HTTP endpoints.
import type { ServerResponse } from 'node:http';

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function sendError(response: ServerResponse, status: number, error: string, problems?: readonly string[]): void {
  sendJson(
    response,
    status,
    { error, ...(problems && { problems }) },
    status === 401 ? { 'www-authenticate': 'Bearer' } : {},
  );
}
