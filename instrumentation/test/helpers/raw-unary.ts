// A unary call of the test service made with node:http2 alone, for what grpc-js's client
// cannot do: send a grpc-timeout and then not cancel when it passes, so that the server's
// own deadline ends the call. (grpc-js's client cancels at the same deadline, and on a
// loaded machine its cancel can reach the server before the server's timer fires: the
// server then sees a cancel, not a deadline, and which one comes first is up to the load.)
import { once } from 'node:events';
import { connect, type IncomingHttpHeaders } from 'node:http2';
import type { TestRequest } from './test-service.js';

/** The call's grpc-status from its trailers (or a trailers-only answer's headers). */
export async function rawUnary(
  address: string,
  path: string,
  request: TestRequest,
  headers: Record<string, string>,
): Promise<{ code: number; message: string }> {
  const session = connect(`http://${address}`);
  session.on('error', () => {}); // the stream's own events carry what the test needs
  try {
    const stream = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    const body = Buffer.from(JSON.stringify(request));
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length, 1); // byte 0 (not compressed) stays 0
    body.copy(frame, 5);
    stream.end(frame);
    let status: IncomingHttpHeaders = {};
    stream.on('response', (response) => {
      if (response['grpc-status'] !== undefined) status = response;
    });
    stream.on('trailers', (trailers) => {
      status = trailers;
    });
    stream.resume();
    await once(stream, 'close');
    if (status['grpc-status'] === undefined) throw new Error(`${path}: the answer carried no grpc-status`);
    return { code: Number(status['grpc-status']), message: decodeURIComponent(String(status['grpc-message'] ?? '')) };
  } finally {
    session.close();
  }
}
