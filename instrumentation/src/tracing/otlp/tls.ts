// The TLS settings of an OTLP exporter (OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE,
// _CLIENT_CERTIFICATE, _CLIENT_KEY or tracing.tls), already read and checked: PEM contents,
// never file names. An https:// endpoint uses TLS with them (the system's CAs when no `ca`
// is given); an http:// endpoint never does. The key is never logged.
import type { SecureClientSessionOptions } from 'node:http2';

export interface OtlpTls {
  /** Trusted CA certificates (PEM), instead of the system's. */
  ca?: string | Buffer;
  /** Client certificate chain (PEM), for collectors that require mutual TLS. */
  cert?: string | Buffer;
  /** The client certificate's private key (PEM). */
  key?: string | Buffer;
}

/** The Node.js TLS options for a connection: only the fields set. */
export function tlsConnectOptions(tls: OtlpTls | undefined): SecureClientSessionOptions {
  const options: SecureClientSessionOptions = {};
  if (tls?.ca !== undefined) options.ca = tls.ca;
  if (tls?.cert !== undefined) options.cert = tls.cert;
  if (tls?.key !== undefined) options.key = tls.key;
  return options;
}

/** Failures of the TLS handshake or of certificate checks: retrying does not fix them. */
const TLS_ERROR = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_OSSL_)/;

/** A hint for an error that is a TLS failure, else undefined. */
export function tlsFailureHint(err: unknown): string | undefined {
  // An HTTP/2 stream cancelled by its session's TLS failure carries that failure as its cause.
  const failure = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = TLS_ERROR.test(String(failure?.code)) ? failure?.code : failure?.cause?.code;
  if (typeof code !== 'string' || !TLS_ERROR.test(code)) return undefined;
  return `TLS failed (${code}): check the collector's certificate against the CA given (tracing.tls.ca, OTEL_EXPORTER_OTLP_CERTIFICATE) and, when it requires one, the client certificate and key (tracing.tls.cert/key, OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE/_CLIENT_KEY)`;
}
