// Plain JavaScript, CommonJS: `require` of the package, no build step.
const grpc = require('@grpc/grpc-js');
const { createObservability } = require('@kansoku/instrumentation');
const { callEveryType, EchoClient, echoHandlers, echoService, listen, reportAndWait, run } = require('../harness');

run(async () => {
  const obs = createObservability({ serviceName: 'fixture-js-cjs', metrics: { port: 0, host: '127.0.0.1' } });
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
