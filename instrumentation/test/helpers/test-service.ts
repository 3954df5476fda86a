// A real grpc-js service for the tests, with all four call types and JSON messages (no
// .proto needed). What each handler does is driven by the request, so one server serves
// every failure mode: { fail?: code, throw?: true, delayMs?, count? }.
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';

export interface TestRequest {
  fail?: number;
  throw?: boolean;
  delayMs?: number;
  count?: number;
  text?: string;
}

export interface TestReply {
  text: string;
  traceparent?: string;
  /** The trace headers the call arrived with (traceparent, tracestate, baggage, b3, x-b3-*). */
  received?: Record<string, string>;
}

const TRACE_HEADERS = ['traceparent', 'tracestate', 'baggage', 'b3', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled'];

function traceHeaders(metadata: grpc.Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of TRACE_HEADERS) {
    const value = metadata.get(key)[0];
    if (value !== undefined) out[key] = String(value);
  }
  return out;
}

const serialize = (value: unknown) => Buffer.from(JSON.stringify(value));
const deserialize = (buffer: Buffer) => JSON.parse(buffer.toString());

function method(path: string, requestStream: boolean, responseStream: boolean) {
  return {
    path,
    requestStream,
    responseStream,
    requestSerialize: serialize,
    requestDeserialize: deserialize,
    responseSerialize: serialize,
    responseDeserialize: deserialize,
  };
}

export const TEST_SERVICE = 'kansoku.test.Echo';

/** Unimplemented is in the definition but has no handler: grpc-js answers UNIMPLEMENTED through the interceptors. */
export const testServiceDefinition = {
  Unary: method(`/${TEST_SERVICE}/Unary`, false, false),
  ClientStream: method(`/${TEST_SERVICE}/ClientStream`, true, false),
  ServerStream: method(`/${TEST_SERVICE}/ServerStream`, false, true),
  Bidi: method(`/${TEST_SERVICE}/Bidi`, true, true),
  Unimplemented: method(`/${TEST_SERVICE}/Unimplemented`, false, false),
} satisfies grpc.ServiceDefinition;

export const TestClient = grpc.makeGenericClientConstructor(testServiceDefinition, 'Echo');
// Typed loosely: the generic constructor's methods are not known to TypeScript.
export type TestClientInstance = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function failure(code: number): grpc.ServiceError {
  return Object.assign(new Error(`failing with ${code} as asked`), {
    code,
    details: `failing with ${code} as asked`,
    metadata: new grpc.Metadata(),
  });
}

export interface HandlerHooks {
  /** Called inside each handler, so a test can log or call onwards from within a call. */
  onCall?(method: string, request: TestRequest): void | Promise<void>;
  /** Called once the unary handler has answered (late, when its call already ended). */
  onAnswered?(method: string, request: TestRequest): void;
}

export function testImplementation(hooks: HandlerHooks = {}): grpc.UntypedServiceImplementation {
  return {
    Unary(call: grpc.ServerUnaryCall<TestRequest, TestReply>, callback: grpc.sendUnaryData<TestReply>) {
      const req = call.request;
      if (req.throw) throw new TypeError('handler threw as asked');
      void (async () => {
        await hooks.onCall?.('Unary', req);
        if (req.delayMs) await sleep(req.delayMs);
        if (req.fail !== undefined) callback(failure(req.fail));
        else {
          callback(null, {
            text: req.text ?? 'ok',
            traceparent: String(call.metadata.get('traceparent')[0] ?? ''),
            received: traceHeaders(call.metadata),
          });
        }
        hooks.onAnswered?.('Unary', req);
      })();
    },
    ClientStream(call: grpc.ServerReadableStream<TestRequest, TestReply>, callback: grpc.sendUnaryData<TestReply>) {
      const texts: string[] = [];
      let last: TestRequest = {};
      call.on('data', (req: TestRequest) => {
        last = req;
        texts.push(req.text ?? '');
      });
      call.on('end', () => {
        if (last.fail !== undefined) return callback(failure(last.fail));
        callback(null, { text: texts.join(',') });
      });
    },
    ServerStream(call: grpc.ServerWritableStream<TestRequest, TestReply>) {
      const req = call.request;
      void (async () => {
        await hooks.onCall?.('ServerStream', req);
        for (let i = 0; i < (req.count ?? 1); i++) {
          if (call.cancelled) return;
          call.write({ text: `${i}` });
          if (req.delayMs) await sleep(req.delayMs);
        }
        if (call.cancelled) return;
        if (req.fail !== undefined) call.emit('error', failure(req.fail));
        else call.end();
      })();
    },
    Bidi(call: grpc.ServerDuplexStream<TestRequest, TestReply>) {
      call.on('data', (req: TestRequest) => {
        if (req.fail !== undefined) call.emit('error', failure(req.fail));
        else call.write({ text: req.text ?? '' });
      });
      call.on('end', () => call.end());
    },
  };
}

export interface RunningServer {
  server: grpc.Server;
  address: string;
  stop(): Promise<void>;
}

export async function startTestServer(options: grpc.ServerOptions, hooks?: HandlerHooks): Promise<RunningServer> {
  const server = new grpc.Server(options);
  server.addService(testServiceDefinition, testImplementation(hooks));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    server,
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        // Streams a test left open must not hold the shutdown up.
        setTimeout(() => server.forceShutdown(), 2000).unref();
      }),
  };
}

export function newClient(address: string, options: grpc.ClientOptions = {}): TestClientInstance {
  return new TestClient(address, grpc.credentials.createInsecure(), options) as unknown as TestClientInstance;
}

/** A unary call resolved with its status code (0 on success) and reply. */
export function unary(
  client: TestClientInstance,
  request: TestRequest,
  options: { metadata?: grpc.Metadata; deadlineMs?: number; method?: string } = {},
): Promise<{ code: number; reply?: TestReply }> {
  return new Promise((resolve) => {
    const callOptions: grpc.CallOptions = options.deadlineMs ? { deadline: Date.now() + options.deadlineMs } : {};
    const fn = client[options.method ?? 'Unary'] as (...args: unknown[]) => grpc.ClientUnaryCall;
    fn.call(
      client,
      request,
      options.metadata ?? new grpc.Metadata(),
      callOptions,
      (err: grpc.ServiceError | null, reply?: TestReply) => resolve(err ? { code: err.code } : { code: 0, reply }),
    );
  });
}

export async function drain(stream: NodeJS.EventEmitter): Promise<number> {
  let received = 0;
  stream.on('data', () => {
    received++;
  });
  try {
    await once(stream, 'status');
  } catch {
    // errors are part of what the tests look at; the status carries the code
  }
  return received;
}
