// /metrics (Prometheus text), /healthz (the process answers) and /readyz (state open and
// every input running): the forwarder's own health, on a port of its own so that
// scraping never needs the ingest token.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { ListenAddress } from '../config/config.js';
import { listen as bind } from './listen.js';
import { sendJson } from './respond.js';

export async function startMetricsServer(
  listen: ListenAddress,
  registry: Registry,
  ready: () => { ready: boolean; reasons: string[] },
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      registry
        .metrics()
        .then((text) => {
          response.writeHead(200, { 'content-type': registry.contentType });
          response.end(text);
        })
        .catch((err: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(`rendering metrics failed: ${err instanceof Error ? err.message : String(err)}`);
        });
      return;
    }
    if (path === '/healthz') return sendJson(response, 200, { status: 'ok' });
    if (path === '/readyz') {
      const state = ready();
      return sendJson(response, state.ready ? 200 : 503, state);
    }
    sendJson(response, 404, { error: `no such endpoint ${path}` });
  });
  return { server, url: await bind(server, listen) };
}
