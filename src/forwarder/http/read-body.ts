// The body of an ingest request, with its limits: at most maxBodyBytes on the wire and,
// when gzip'd, at most maxBodyBytes once inflated too (a small gzip bomb must not become
// a large allocation). Errors carry the HTTP status and a reason for the client.
import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new RequestError(413, `the body is ${declared} bytes, more than the limit of ${maxBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      request.resume();
      throw new RequestError(413, `the body is more than the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks, size);
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return body;
  if (encoding !== 'gzip') throw new RequestError(415, `content-encoding ${encoding} is not supported (gzip or none)`);
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (
      code === 'ERR_BUFFER_TOO_LARGE' ||
      (err instanceof RangeError && /maxOutputLength|larger than/.test(err.message))
    )
      throw new RequestError(413, `the body inflates to more than the limit of ${maxBytes} bytes`);
    throw new RequestError(400, `the body is not valid gzip (${code ?? 'corrupt data'})`);
  }
}
