// Plain JavaScript, ES modules: `import` of the package, no build step.
import * as grpc from '@grpc/grpc-js';
import { createObservability } from '@kansoku/instrumentation';
import { callEveryType, EchoClient, echoHandlers, echoService, listen, reportAndWait } from '../harness/index.js';

const obs = createObservability({ serviceName: 'fixture-js-esm', metrics: { port: 0, host: '127.0.0.1' } });
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
