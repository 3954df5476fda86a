import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';

/**
 * A port that was free a moment ago on 127.0.0.1. The services we start (Prometheus,
 * Elasticsearch, Jaeger) cannot report a port they chose themselves, so we ask the
 * kernel for one and hand it over; start helpers retry when another process wins it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A loopback port nothing listens on, for "unreachable" tests. Not a port freed from port 0:
 * the kernel hands those out again (to another test file's service, started a moment later),
 * and the test then reaches something. This one lies below the kernel's ephemeral range, from
 * which every port-0 listener (freePort included) and every outgoing connection gets its port,
 * so nothing the tests start can take it; it is checked to refuse a connection.
 */
export async function closedPort(): Promise<number> {
  const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768 60999');
  const ephemeralStart = Number(range.trim().split(/\s+/)[0]);
  const low = 10_000;
  for (let tries = 0; tries < 50; tries++) {
    const port = low + Math.floor(Math.random() * (ephemeralStart - low));
    if (await refuses(port)) return port;
  }
  throw new Error(`no closed port found between ${low} and ${ephemeralStart}`);
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}
