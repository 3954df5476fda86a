// The one HTTP/2 session of the OTLP/gRPC exporter: opened on first use and again after it
// closes, errors or gets a GOAWAY; TLS for https:// endpoints. Kept honest by a PING every
// keepaliveMs: a session whose PING is not answered within keepaliveTimeoutMs is destroyed,
// so a half-open connection (a collector node that vanished without a FIN, a NAT entry
// dropped) is noticed and the next attempt opens a new one instead of waiting out its timeout.
// The session is unref'd while idle, so an idle exporter never keeps the process alive, and
// ref'd while a call is in flight, so a shutdown's last export is not lost.
import { type ClientHttp2Session, connect } from 'node:http2';
import { type OtlpTls, tlsConnectOptions } from './tls.js';

export interface SessionOptions {
  /** http://host:port or https://host:port. */
  origin: string;
  tls: OtlpTls | undefined;
  keepaliveMs: number;
  keepaliveTimeoutMs: number;
}

export interface GrpcSession {
  /** The open session, or a new one. */
  current(): ClientHttp2Session;
  /** The last error of a session (TLS failures surface here, not on the streams). */
  lastError(session: ClientHttp2Session): Error | undefined;
  callStarted(session: ClientHttp2Session): void;
  callEnded(session: ClientHttp2Session): void;
  close(): Promise<void>;
}

export function createGrpcSession(options: SessionOptions): GrpcSession {
  const secure = options.origin.startsWith('https:');
  let session: ClientHttp2Session | undefined;
  const errors = new WeakMap<ClientHttp2Session, Error>();
  // Calls in flight per session (a session can be replaced while an old one finishes).
  const inFlight = new WeakMap<ClientHttp2Session, number>();

  function open(): ClientHttp2Session {
    const opened = connect(options.origin, secure ? tlsConnectOptions(options.tls) : {});
    const forget = () => {
      if (session === opened) session = undefined;
    };
    opened.on('error', (err) => {
      errors.set(opened, err);
      forget();
    });
    opened.on('close', () => {
      forget();
      clearInterval(keepalive);
    });
    opened.on('goaway', forget);
    const keepalive = setInterval(() => ping(opened), options.keepaliveMs);
    keepalive.unref();
    opened.unref();
    return opened;
  }

  function ping(on: ClientHttp2Session): void {
    if (on.destroyed || on.connecting) return;
    const timeout = setTimeout(() => {
      errors.set(on, new Error(`the collector did not answer an HTTP/2 PING within ${options.keepaliveTimeoutMs} ms`));
      on.destroy();
    }, options.keepaliveTimeoutMs);
    timeout.unref();
    try {
      const sent = on.ping((err) => {
        clearTimeout(timeout);
        if (err && !on.destroyed) on.destroy(err);
      });
      // Too many PINGs unanswered already: the timer above decides.
      if (!sent) return;
    } catch {
      clearTimeout(timeout);
    }
  }

  return {
    current() {
      if (session === undefined || session.closed || session.destroyed) session = open();
      return session;
    },
    lastError: (on) => errors.get(on),
    callStarted(on) {
      const calls = inFlight.get(on) ?? 0;
      if (calls === 0) on.ref();
      inFlight.set(on, calls + 1);
    },
    callEnded(on) {
      const calls = (inFlight.get(on) ?? 1) - 1;
      inFlight.set(on, calls);
      if (calls === 0 && !on.destroyed) on.unref();
    },
    async close() {
      const open = session;
      session = undefined;
      if (open !== undefined && !open.closed && !open.destroyed) {
        await new Promise<void>((resolve) => open.close(() => resolve()));
      }
    },
  };
}
