// Both formats in one process: a CommonJS file that requires the package and also imports
// it (as an ES module dependency of the service would). Every export must be the very same
// object, so there is one copy of the library's state; the service then runs with the
// interceptors of an instance created through `require` and the logger of the same
// instance reached through `import`.
const grpc = require('@grpc/grpc-js');
const required = require('@kansoku/instrumentation');
const { callEveryType, EchoClient, echoHandlers, echoService, listen, reportAndWait, run } = require('../harness');

run(async () => {
  const imported = await import('@kansoku/instrumentation');
  const names = Object.keys(required).sort();
  const differing = names.filter((name) => imported[name] !== required[name]);
  const missingFromImport = names.filter((name) => !(name in imported));
  const obs = required.createObservability({
    serviceName: 'fixture-dual-format',
    metrics: { port: 0, host: '127.0.0.1' },
  });
  const importedError = new imported.InvalidOptionsError(['a problem']);
  const server = new grpc.Server({ interceptors: obs.serverInterceptors });
  server.addService(echoService, echoHandlers(obs.logger));
  const port = await listen(server);
  const client = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    interceptors: obs.clientInterceptors,
  });
  await callEveryType(client);
  await reportAndWait(
    obs,
    () => {
      client.close();
      server.forceShutdown();
    },
    {
      exportNames: names.length,
      differing,
      missingFromImport,
      errorClassShared: importedError instanceof required.KansokuError,
    },
  );
});
