// The one HTTP/2 session of the OTLP/gRPC exporter: opened on first use and again after it
// closes, errors or gets a GOAWAY; TLS for https:// endpoints. Kept honest by HTTP/2 PINGs,
// sent only where gRPC servers allow them: with a call that goes out on a session the
// collector has been silent on for keepaliveMs, and once during a call it leaves unanswered
// for keepaliveMs. A PING unanswered within keepaliveTimeoutMs destroys the session, which
// fails the call with UNAVAILABLE and the retry opens a new connection: a half-open
// connection (a collector node that vanished without a FIN, a dropped NAT entry) costs
// keepaliveTimeoutMs, not the whole export timeout of every batch after it. No PINGs while
// idle: grpc-go servers (the OpenTelemetry Collector, Jaeger) answer PINGs on a connection
// without calls, more often than every two hours, with GOAWAY "too_many_pings".
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
  /** A call starts on the session; the returned function ends it. */
  callStarted(session: ClientHttp2Session): () => void;
  /** The collector sent something on the session (headers, data, trailers). */
  heard(session: ClientHttp2Session): void;
  close(): Promise<void>;
}

interface SessionState {
  calls: number;
  lastHeard: number;
  error: Error | undefined;
}

export function createGrpcSession(options: SessionOptions): GrpcSession {
  const secure = options.origin.startsWith('https:');
  let session: ClientHttp2Session | undefined;
  const states = new WeakMap<ClientHttp2Session, SessionState>();
  const state = (on: ClientHttp2Session): SessionState => {
    let s = states.get(on);
    if (s === undefined) {
      s = { calls: 0, lastHeard: Date.now(), error: undefined };
      states.set(on, s);
    }
    return s;
  };

  function open(): ClientHttp2Session {
    const opened = connect(options.origin, secure ? tlsConnectOptions(options.tls) : {});
    const forget = () => {
      if (session === opened) session = undefined;
    };
    opened.on('error', (err) => {
      state(opened).error = err;
      forget();
    });
    opened.on('close', forget);
    opened.on('goaway', forget);
    opened.unref();
    state(opened);
    return opened;
  }

  /** One PING; unanswered within keepaliveTimeoutMs, the session is destroyed. */
  function ping(on: ClientHttp2Session): void {
    if (on.destroyed) return;
    if (on.connecting) {
      // Not even connected yet: give it keepaliveTimeoutMs to connect, then PING.
      const notConnected = setTimeout(() => {
        state(on).error = new Error(`could not connect to the collector within ${options.keepaliveTimeoutMs} ms`);
        on.destroy();
      }, options.keepaliveTimeoutMs);
      notConnected.unref();
      on.once('connect', () => {
        clearTimeout(notConnected);
        ping(on);
      });
      return;
    }
    const timeout = setTimeout(() => {
      state(on).error = new Error(
        `the collector did not answer an HTTP/2 PING within ${options.keepaliveTimeoutMs} ms (connection lost)`,
      );
      on.destroy();
    }, options.keepaliveTimeoutMs);
    timeout.unref();
    try {
      const sent = on.ping((err) => {
        clearTimeout(timeout);
        if (err) return;
        state(on).lastHeard = Date.now();
      });
      if (!sent) clearTimeout(timeout); // too many PINGs unanswered already: one is pending
    } catch {
      clearTimeout(timeout);
    }
  }

  return {
    current() {
      if (session === undefined || session.closed || session.destroyed) session = open();
      return session;
    },
    lastError: (on) => state(on).error,
    callStarted(on) {
      const s = state(on);
      if (s.calls++ === 0) on.ref();
      // The collector has been silent for a while: check the connection along with the call.
      if (!on.connecting && Date.now() - s.lastHeard > options.keepaliveMs) ping(on);
      const started = Date.now();
      // A new session's lastHeard is its opening, possibly this same millisecond: not an answer.
      const silent = setTimeout(() => {
        if (s.lastHeard <= started) ping(on);
      }, options.keepaliveMs);
      silent.unref();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        clearTimeout(silent);
        if (--s.calls === 0 && !on.destroyed) on.unref();
      };
    },
    heard(on) {
      state(on).lastHeard = Date.now();
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
