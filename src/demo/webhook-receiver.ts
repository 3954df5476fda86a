// The demo's stand-in for the on-call team's webhook endpoint (a chat bridge, a pager): it
// receives the forwarder's generic webhook as a real receiver should, checking the HMAC
// signature in constant time and refusing stale or oversized requests, counting each alert
// key once (delivery is at least once), and writing what it accepted to a JSON-lines file.
import { timingSafeEqual } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert } from '../forwarder/model/alert.js';
import { SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from '../forwarder/sinks/webhook.js';

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_AGE_SECONDS = 300;

export interface WebhookReceiverOptions {
  /** The secret the forwarder signs with. */
  secret: string;
  /** Every alert the first time its key arrives. */
  onAlert(alert: Alert): void;
  /** Accepted alerts are appended here, one JSON line each. */
  alertsFile?: string;
}

export interface WebhookReceiver {
  url: string;
  /** Alerts received (a digest counts each of its alerts), each key once. */
  received(): number;
  close(): Promise<void>;
}

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Refused(413, `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function verify(secret: string, request: IncomingMessage, body: string): void {
  const timestamp = String(request.headers[TIMESTAMP_HEADER] ?? '');
  const signature = Buffer.from(String(request.headers[SIGNATURE_HEADER] ?? ''));
  const expected = Buffer.from(sign(secret, timestamp, body));
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
    throw new Refused(401, 'bad or missing signature');
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_AGE_SECONDS) throw new Refused(401, 'stale timestamp');
}

function alertsOf(body: string): { key: string; alerts: Alert[] } {
  let parsed: { kind?: string; key?: string; alert?: Alert; alerts?: Alert[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw new Refused(400, 'body is not JSON');
  }
  if (parsed.kind === 'alert' && parsed.alert) return { key: String(parsed.key), alerts: [parsed.alert] };
  if (parsed.kind === 'digest' && Array.isArray(parsed.alerts))
    return { key: String(parsed.key), alerts: parsed.alerts };
  throw new Refused(400, 'expected {"kind":"alert"} or {"kind":"digest"}');
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  // Keys are kept for the demo's lifetime: a few per error group and minute.
  const seen = new Set<string>();
  let count = 0;
  let writes = Promise.resolve();
  const server = createServer((request, response) => {
    void (async () => {
      try {
        if (request.method !== 'POST') throw new Refused(405, 'POST only');
        const body = await readBody(request);
        verify(options.secret, request, body);
        const { key, alerts } = alertsOf(body);
        if (!seen.has(key)) {
          seen.add(key);
          count += alerts.length;
          for (const alert of alerts) {
            options.onAlert(alert);
            const file = options.alertsFile;
            if (file) writes = writes.then(() => appendFile(file, `${JSON.stringify(alert)}\n`)).catch(() => {});
          }
          await writes;
        }
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      } catch (err) {
        const status = err instanceof Refused ? err.status : 500;
        response.writeHead(status, { 'content-type': 'text/plain' }).end((err as Error).message);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    received: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
