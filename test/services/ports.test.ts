// Ports for tests: a free one can be listened on; a closed one refuses connections and lies
// below the ephemeral range that port-0 listeners are given ports from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { test } from 'node:test';
import { closedPort, freePort } from './ports.js';

test('a free port can be listened on', async () => {
  const port = await freePort();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => server.close(resolve));
});

test('a closed port refuses connections and is not one that port 0 hands out', async () => {
  const port = await closedPort();
  const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  assert.ok(port < ephemeralStart, `${port} is below ${ephemeralStart}`);
  const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', resolve);
  });
  assert.equal(error?.code, 'ECONNREFUSED');
});
