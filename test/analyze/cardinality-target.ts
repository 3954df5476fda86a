// A scrape target with a deliberately costly family, for the analyze tests and benchmark:
// a counter with one series per user id and a histogram nobody reads, in Prometheus's text
// format on a loopback port of its own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CardinalityTargetOptions {
  /** Series of the per-user counter. */
  users: number;
  /** Values of the histogram's `route` label; each has every bucket. */
  routes: number;
  buckets: readonly number[];
  /** Prefix of every metric name, so two targets in one Prometheus can differ. */
  prefix?: string;
}

export interface CardinalityTarget {
  /** host:port for a scrape config. */
  address: string;
  /** Series the target exposes per metric name. */
  series: Record<string, number>;
  close(): Promise<void>;
}

export async function startCardinalityTarget(options: CardinalityTargetOptions): Promise<CardinalityTarget> {
  const prefix = options.prefix ?? 'analyze_test';
  const counter = `${prefix}_user_requests_total`;
  const histogram = `${prefix}_payload_bytes`;
  const lines: string[] = [`# TYPE ${counter} counter`];
  for (let u = 0; u < options.users; u++) lines.push(`${counter}{user_id="u${u}"} ${u + 1}`);
  lines.push(`# TYPE ${histogram} histogram`);
  for (let r = 0; r < options.routes; r++) {
    const route = `/route/${r}`;
    options.buckets.forEach((le, i) => {
      lines.push(`${histogram}_bucket{route="${route}",le="${le}"} ${i + 1}`);
    });
    lines.push(`${histogram}_bucket{route="${route}",le="+Inf"} ${options.buckets.length + 1}`);
    lines.push(
      `${histogram}_sum{route="${route}"} 42`,
      `${histogram}_count{route="${route}"} ${options.buckets.length + 1}`,
    );
  }
  const body = `${lines.join('\n')}\n`;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    series: {
      [counter]: options.users,
      [`${histogram}_bucket`]: options.routes * (options.buckets.length + 1),
      [`${histogram}_sum`]: options.routes,
      [`${histogram}_count`]: options.routes,
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
