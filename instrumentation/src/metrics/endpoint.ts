// The HTTP endpoint Prometheus and the kubelet talk to: /metrics, /healthz, /readyz.
// Failing to listen (port taken) is reported, never thrown: the service keeps serving
// calls without a metrics endpoint rather than crashing on a port clash.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { ERROR_CODES } from '../errors.js';
import type { ProblemReporter } from '../problem-reporter.js';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, renderRegistry, wantsOpenMetrics } from './exposition.js';

export interface MetricsEndpoint {
  /** Resolves with the bound port once listening, or undefined when listening failed. */
  readonly listening: Promise<number | undefined>;
  close(): Promise<void>;
}

export interface EndpointOptions {
  port: number;
  host: string;
  registry: Registry;
  isReady(): boolean;
  reporter: ProblemReporter;
}

export function startMetricsEndpoint(options: EndpointOptions): MetricsEndpoint {
  const { registry, reporter } = options;
  let boundPort: number | undefined;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const ready = options.isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : 'shutting down\n');
    } else if (path === '/metrics') {
      const openMetrics = wantsOpenMetrics(req.headers.accept);
      renderRegistry(registry, openMetrics).then(
        (body) => {
          res.writeHead(200, { 'content-type': openMetrics ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE });
          res.end(body);
        },
        (err: unknown) => {
          reporter.report('metrics_endpoint', ERROR_CODES.metricsRender, err, 'rendering /metrics failed');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('rendering metrics failed\n');
        },
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics, /healthz or /readyz\n');
    }
  });
  // Keep-alive scrapes must not hold the process open or delay shutdown.
  server.keepAliveTimeout = 5_000;
  const listening = new Promise<number | undefined>((resolve) => {
    // A listener for the server's whole life: an 'error' with none (e.g. EMFILE on accept
    // after listening) would crash the service.
    server.on('error', (err) => {
      reporter.report(
        'metrics_endpoint',
        ERROR_CODES.metricsListen,
        err,
        boundPort === undefined
          ? `metrics endpoint could not listen on ${options.host}:${options.port}; calls are unaffected, /metrics is unavailable`
          : `metrics endpoint on ${options.host}:${boundPort} failed; calls are unaffected`,
      );
      resolve(undefined);
    });
    server.listen(options.port, options.host, () => {
      boundPort = (server.address() as AddressInfo).port;
      resolve(boundPort);
    });
  });
  server.unref();
  return {
    listening,
    async close() {
      // Shutdown may come before listen completes; closing then would leave the port bound.
      await listening;
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
