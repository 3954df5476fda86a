// Shared pieces of the forwarder tests: records shaped like the log pipeline's, a config
// from YAML text, a throwaway state folder, and a local HTTP receiver that records what
// it is sent and answers as the test tells it (it stands in for Slack or a webhook,
// which cannot run here).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/forwarder/config/load.js';
import type { LogRecord } from '../../src/forwarder/model/record.js';
import { toRecord } from '../../src/forwarder/model/record.js';

export function errorRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@timestamp': '2026-12-01T10:00:00.000Z',
    'log.level': 'error',
    message: 'payment 4711 failed',
    'service.name': 'checkout',
    'kubernetes.namespace_name': 'shop',
    'kubernetes.pod_name': 'checkout-7d9f-abcde',
    'error.type': 'TypeError',
    'error.message': "Cannot read properties of undefined (reading 'amount')",
    'error.stack_trace': [
      "TypeError: Cannot read properties of undefined (reading 'amount')",
      '    at charge (/app/src/payment.js:42:17)',
      '    at Checkout.pay (/app/src/checkout.js:88:5)',
      '    at Server.handler (/app/node_modules/@grpc/grpc-js/build/src/server.js:1200:7)',
    ].join('\n'),
    'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736',
    'event.id': 'evt-1',
    ...overrides,
  };
}

export function record(overrides: Record<string, unknown> = {}): LogRecord {
  const result = toRecord(errorRecord(overrides));
  if ('problem' in result) throw new Error(result.problem);
  return result.record;
}

export function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-forwarder-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function configFrom(yaml: string, env: NodeJS.ProcessEnv = {}) {
  return loadConfig({ text: yaml, env });
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Decides the answer to each request; the default is 200 "ok". */
  answer: (request: Received, index: number) => { status: number; body?: string; headers?: Record<string, string> };
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    answer: () => ({ status: 200, body: 'ok' }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got = {
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const index = receiver.received.push(got) - 1;
      const { status, body, headers } = receiver.answer(got, index);
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return receiver;
}

/** Polls `check` until it returns something truthy (tests wait for conditions, never for durations). */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
