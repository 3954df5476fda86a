// A nice-grpc server and client. The server takes kansoku's grpc-js server interceptors
// through createServer's options (nice-grpc passes them to `new grpc.Server`); the client,
// which nice-grpc builds without interceptors, takes kansoku's nice-grpc client middleware.
import { createObservability } from '@kansoku/instrumentation';
import { createChannel, createClientFactory, createServer } from 'nice-grpc';
import { type EchoMessage, echoService, reportAndWait, run } from '../harness/index.js';

async function* messages(...texts: string[]): AsyncIterable<EchoMessage> {
  for (const text of texts) yield { text };
}

async function texts(stream: AsyncIterable<EchoMessage>): Promise<string[]> {
  const out: string[] = [];
  for await (const message of stream) out.push(message.text);
  return out;
}

run(async () => {
  const obs = createObservability({ metrics: { port: 0, host: '127.0.0.1' } });
  const handled = (method: string) => obs.logger.info({ fixture: { method } }, 'fixture handled a call');

  const server = createServer({ interceptors: obs.serverInterceptors });
  server.add(echoService, {
    async Unary(request: EchoMessage) {
      handled('Unary');
      return { text: request.text };
    },
    async ClientStream(requests: AsyncIterable<EchoMessage>) {
      const all = await texts(requests);
      handled('ClientStream');
      return { text: all.join(',') };
    },
    async *ServerStream(request: EchoMessage) {
      handled('ServerStream');
      for (let i = 0; i < 3; i++) yield { text: `${request.text}-${i}` };
    },
    async *Bidi(requests: AsyncIterable<EchoMessage>) {
      for await (const message of requests) yield message;
      handled('Bidi');
    },
  });
  const port = await server.listen('127.0.0.1:0');

  const channel = createChannel(`127.0.0.1:${port}`);
  const client = createClientFactory().use(obs.niceGrpcClientMiddleware).create(echoService, channel);
  const answers = {
    unary: (await client.Unary({ text: 'u' })).text,
    clientStream: (await client.ClientStream(messages('a', 'b', 'c'))).text,
    serverStream: await texts(client.ServerStream({ text: 's' })),
    bidi: await texts(client.Bidi(messages('x', 'y'))),
  };
  await reportAndWait(
    obs,
    async () => {
      channel.close();
      await server.shutdown();
    },
    { answers },
  );
});
