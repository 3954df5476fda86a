// Both formats in one process: a CommonJS file that requires the package and also imports
// it (as an ES module dependency of the service would). Every export must be the very same
// object, so there is one copy of the library's state; the service then runs with an
// instance created through `require`.
const required = require('@kansoku/instrumentation');
const { exercise, run } = require('../harness');

run(async () => {
  const imported = await import('@kansoku/instrumentation');
  const names = Object.keys(required).sort();
  const obs = required.createObservability({ metrics: { port: 0, host: '127.0.0.1' } });
  await exercise(
    obs,
    { server: { interceptors: obs.serverInterceptors }, client: { interceptors: obs.clientInterceptors } },
    {
      exportNames: names.length,
      differing: names.filter((name) => imported[name] !== required[name]),
      missingFromImport: names.filter((name) => !(name in imported)),
      errorClassShared: new imported.InvalidOptionsError(['a problem']) instanceof required.KansokuError,
    },
  );
});
