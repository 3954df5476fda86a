// TypeScript, module nodenext in an ES module package: compiled by this folder's tsconfig.json.
import * as grpc from '@grpc/grpc-js';
import { createObservability, type Observability } from '@kansoku/instrumentation';
import { callEveryType, EchoClient, echoHandlers, echoService, listen, reportAndWait, run } from '../harness/index.js';

run(async () => {
  const obs: Observability = createObservability({
    serviceName: 'fixture-ts-nodenext-esm',
    metrics: { port: 0, host: '127.0.0.1' },
  });
  const server = new grpc.Server({ interceptors: obs.serverInterceptors });
  server.addService(echoService, echoHandlers(obs.logger));
  const port = await listen(server);
  const client = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    interceptors: obs.clientInterceptors,
  });
  await callEveryType(client);
  await reportAndWait(obs, () => {
    client.close();
    server.forceShutdown();
  });
});

// Compile-time proof that the package's own types were found: were they missing (any), these
// lines would not be errors and tsc would reject the unused directives.
export function typesAreRead(obs: Observability): void {
  // @ts-expect-error serviceName is a string
  createObservability({ serviceName: 42 });
  // @ts-expect-error serverInterceptors are grpc-js ServerInterceptors
  void (obs.serverInterceptors satisfies number);
}
